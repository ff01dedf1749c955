// One libFuzzer program per target: compiled with -DKIEUMAU_FUZZ_TARGET=<function of targets.h>.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kieumau::fuzz::KIEUMAU_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
