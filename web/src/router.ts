// The app's routes and the guard every navigation passes: who is signed in is known first; a page
// that needs a session sends a signed-out user to the sign-in page (and back afterwards); a user
// whose password was reset goes to the password page and nowhere else until it is changed.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { loadSession, session } from './session';
import { bootError } from './boot';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean; // reachable without a session (the sign-in page)
    title: string; // i18n key of the page's title
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', name: 'signIn', component: () => import('./pages/SignInPage.vue'), meta: { public: true, title: 'signIn.title' } },
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: 'home.title' } },
    { path: '/account/password', name: 'password', component: () => import('./pages/PasswordPage.vue'), meta: { title: 'password.title' } },
    { path: '/:rest(.*)*', name: 'notFound', component: () => import('./pages/NotFoundPage.vue'), meta: { title: 'errors.notFound' } },
  ],
});

// The target after signing in: only a path inside the app.
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  try {
    await loadSession();
    bootError.value = null;
  } catch (error) {
    bootError.value = error;
    return true;
  }
  if (session.status !== 'signed-in') {
    if (to.meta.public) return true;
    return { name: 'signIn', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  }
  if (to.meta.public) return { path: safeNext(to.query.next) };
  if (session.user?.must_change_password && to.name !== 'password') return { name: 'password' };
  return true;
});
