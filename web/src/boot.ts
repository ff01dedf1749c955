// The error of loading who is signed in, when the server could not be asked: App.vue shows it with
// a way to try again instead of a blank page.
import { ref } from 'vue';

export const bootError = ref<unknown>(null);
