import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { i18n, currentLocale } from './i18n';
import { api } from './api/client';
import { passwordChangeRequired, sessionExpired } from './session';
import './styles.css';

document.documentElement.lang = currentLocale();

// A later request answered 401: the session ended; the sign-in page says so.
api.hooks.onUnauthenticated = () => {
  sessionExpired();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.push({ name: 'signIn', query: { next: here.fullPath } });
};
// An administrator reset the password meanwhile.
api.hooks.onPasswordChangeRequired = () => {
  passwordChangeRequired();
  void router.push({ name: 'password' });
};

createApp(App).use(i18n).use(router).mount('#app');
