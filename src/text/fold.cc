#include "text/fold.h"

#include "text/chars.h"

namespace kieumau::text {

std::string FoldForSearch(std::string_view utf8) {
  std::string folded;
  folded.reserve(utf8.size());
  bool separated = false;  // a separator since the last character written
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const Char c = NextChar(utf8, pos);
    switch (c.kind) {
      case CharKind::kLetter:
      case CharKind::kDigit:
      case CharKind::kOther:
        if (separated && !folded.empty()) folded += ' ';
        separated = false;
        if (c.kind == CharKind::kOther) {
          folded.append(utf8.substr(start, pos - start));
        } else {
          folded += c.base;
        }
        break;
      case CharKind::kSeparator:
        separated = true;
        break;
      case CharKind::kToneMark:
      case CharKind::kVowelMark:
      case CharKind::kOtherMark:
      case CharKind::kIgnored:
        break;
    }
  }
  return folded;
}

namespace {

// Writes ToneInsensitiveKey a character at a time.
class KeyWriter {
 public:
  explicit KeyWriter(size_t size) { key_.reserve(size + size / 4 + 1); }

  void Letter(const Char& c) {
    StartWord();
    in_syllable_ = true;
    letter_at_ = key_.size();
    letter_base_ = c.base;
    letter_mark_ = c.mark;
    AppendLetter(key_, c.base, c.mark);
    SetTone(c.tone);
  }
  // A character kept as it is: part of a syllable (another alphabet's letter, mostly).
  void Other(std::string_view bytes) {
    StartWord();
    in_syllable_ = true;
    letter_at_ = kNoLetter;
    key_.append(bytes);
  }
  void Digit(char digit) {
    EndSyllable();
    StartWord();
    key_ += digit;
  }
  void ToneMark(Tone tone) {
    if (in_syllable_) SetTone(tone);
  }
  void VowelMark(Mark mark, std::string_view bytes) {
    if (letter_at_ != kNoLetter) {
      if (const Mark combined = AddMark(letter_base_, letter_mark_, mark);
          combined != Mark::kNone) {
        key_.resize(letter_at_);
        letter_mark_ = combined;
        AppendLetter(key_, letter_base_, combined);
        return;
      }
    }
    OtherMark(bytes);
  }
  void OtherMark(std::string_view bytes) {
    if (!in_syllable_) return;
    key_.append(bytes);
    letter_at_ = kNoLetter;
  }
  void Separator() {
    EndSyllable();
    separated_ = true;
  }
  std::string Finish() {
    EndSyllable();
    return std::move(key_);
  }

 private:
  static constexpr size_t kNoLetter = std::string::npos;

  void StartWord() {
    if (separated_ && !key_.empty()) key_ += ' ';
    separated_ = false;
  }
  void SetTone(Tone tone) {
    if (tone_ == Tone::kLevel) tone_ = tone;
  }
  void EndSyllable() {
    if (in_syllable_) key_ += static_cast<char>('0' + static_cast<int>(tone_));
    in_syllable_ = false;
    tone_ = Tone::kLevel;
    letter_at_ = kNoLetter;
  }

  std::string key_;
  bool separated_ = false;
  bool in_syllable_ = false;
  Tone tone_ = Tone::kLevel;
  // The last letter written while only combining marks have followed it (a vowel mark may still
  // change it): where it starts in key_, its base and mark.
  size_t letter_at_ = kNoLetter;
  char letter_base_ = 0;
  Mark letter_mark_ = Mark::kNone;
};

}  // namespace

std::string ToneInsensitiveKey(std::string_view utf8) {
  KeyWriter key(utf8.size());
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const Char c = NextChar(utf8, pos);
    const std::string_view bytes = utf8.substr(start, pos - start);
    switch (c.kind) {
      case CharKind::kLetter:
        key.Letter(c);
        break;
      case CharKind::kOther:
        key.Other(bytes);
        break;
      case CharKind::kDigit:
        key.Digit(c.base);
        break;
      case CharKind::kToneMark:
        key.ToneMark(c.tone);
        break;
      case CharKind::kVowelMark:
        key.VowelMark(c.mark, bytes);
        break;
      case CharKind::kOtherMark:
        key.OtherMark(bytes);
        break;
      case CharKind::kSeparator:
        key.Separator();
        break;
      case CharKind::kIgnored:
        break;
    }
  }
  return key.Finish();
}

}  // namespace kieumau::text
