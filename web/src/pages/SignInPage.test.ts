// @vitest-environment jsdom
// The sign-in page mounted with the app's i18n, against answers the test gives fetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import SignInPage from './SignInPage.vue';
import { i18n, setLocale } from '../i18n';

function errorAnswer(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { request_id: 'r-1', code, message } }), { status });
}

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/sign-in', component: SignInPage, meta: { public: true, title: 'signIn.title' } },
      { path: '/', component: { template: '<p>home</p>' }, meta: { title: 'home.title' } },
    ],
  });
  await router.push('/sign-in');
  await router.isReady();
  const wrapper = mount(SignInPage, { global: { plugins: [i18n, router] }, attachTo: document.body });
  return { wrapper, router };
}

async function submit(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], username: string, password: string) {
  await wrapper.get('#username').setValue(username);
  await wrapper.get('#password').setValue(password);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('SignInPage', () => {
  const fetchMock = vi.fn<(input: string, init: RequestInit) => Promise<Response>>();
  beforeEach(() => {
    setLocale('vi');
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('says one thing for a refused sign-in, in the chosen language, and clears the password', async () => {
    fetchMock.mockResolvedValue(errorAnswer(401, 'unauthenticated', 'Sai tên đăng nhập hoặc mật khẩu (wrong username or password)'));
    const { wrapper } = await mountPage();
    await submit(wrapper, 'demo', 'sai-mat-khau');
    expect(wrapper.get('[role="alert"]').text()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect((wrapper.get('#password').element as HTMLInputElement).value).toBe('');
    expect(document.activeElement?.id).toBe('password');
    setLocale('en');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('The username or password is incorrect.');
    expect(wrapper.get('label[for="username"]').text()).toBe('Username');
  });

  it('says when to try again after too many attempts', async () => {
    fetchMock.mockResolvedValue(
      errorAnswer(429, 'too_many_attempts', 'Đăng nhập sai quá nhiều lần; hãy thử lại sau 08:49 ngày 08/12/2026 (giờ Việt Nam) (too many failed sign-ins; try again after that time)'),
    );
    const { wrapper } = await mountPage();
    await submit(wrapper, 'demo', 'sai-mat-khau');
    expect(wrapper.get('[role="alert"]').text()).toBe('Đăng nhập sai quá nhiều lần. Hãy thử lại sau 08:49 ngày 08/12/2026 (giờ Việt Nam).');
  });

  it('asks for both fields before asking the server', async () => {
    const { wrapper } = await mountPage();
    await submit(wrapper, 'demo', '');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper.get('[role="alert"]').text()).toBe('Hãy nhập tên đăng nhập và mật khẩu.');
    expect(wrapper.get('#password').attributes('aria-invalid')).toBe('true');
  });

  it('signs in and goes where the user was going', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ csrf: 'c-1', user: { id: 1, username: 'demo', name: 'Demo', must_change_password: false, grants: [] } }), { status: 200 }),
    );
    const { wrapper, router } = await mountPage();
    await submit(wrapper, ' demo ', 'mat-khau-dung-2026');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/session');
    expect(JSON.parse(String(init.body))).toEqual({ username: 'demo', password: 'mat-khau-dung-2026' });
    expect(router.currentRoute.value.path).toBe('/');
    expect(localStorage.getItem('kieumau.csrf')).toBe('c-1');
  });
});
