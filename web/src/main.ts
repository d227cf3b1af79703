/**
 * The dashboard's shell: header (sections, live state, language, API key), notices, and a hash
 * router (#/, #/parking/<id>, #/health, #/departures[/<stop id>]) so the hub serves one page.
 */
import './style.css';
import { ApiError, apiKey, setApiKey } from './api.js';
import { departuresView } from './departures-view.js';
import { healthView } from './health-view.js';
import { lang, setLang, t, type Key } from './i18n.js';
import { onLiveState } from './live.js';
import { parkingPage } from './parking-page.js';
import { loadParkings } from './parkings-store.js';
import { parkingsView } from './parkings-view.js';

const main = document.getElementById('main') as HTMLElement;
const notice = document.getElementById('notice') as HTMLElement;
const liveState = document.getElementById('live-state') as HTMLElement;
const langButton = document.getElementById('lang') as HTMLButtonElement;
const keyToggle = document.getElementById('key-toggle') as HTMLButtonElement;
const keyForm = document.getElementById('key-form') as HTMLFormElement;
const keyInput = document.getElementById('key-input') as HTMLInputElement;

/** Shows a problem in words (an API error, a refused key, a rate limit); undefined hides it. */
export function showProblem(error: unknown, what = ''): void {
  if (error === undefined) {
    notice.hidden = true;
    return;
  }
  let text: string;
  if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
    text = apiKey() === undefined ? t('keyNeeded') : t('keyRefused');
    openKeyForm();
  } else if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    text = t('rateLimited', { s: error.retryAfterS ?? 60 });
  } else {
    text = t('loadFailed', { what, why: error instanceof Error ? error.message : String(error) });
  }
  notice.textContent = text;
  notice.hidden = false;
}

function openKeyForm(): void {
  keyForm.hidden = false;
  keyToggle.setAttribute('aria-expanded', 'true');
}

function translateStatic(): void {
  document.documentElement.lang = lang();
  document.title = t('appName');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Key);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-aria]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAria as Key));
  }
  (document.querySelector('.skip') as HTMLElement).textContent = t('skip');
  langButton.textContent = t('otherLang');
  langButton.setAttribute('aria-label', t('otherLangName'));
  langButton.setAttribute('lang', lang() === 'fr' ? 'en' : 'fr');
  keyToggle.textContent = t('keyButton');
  (document.getElementById('key-hint') as HTMLElement).textContent = t('keyHint');
}

let leave: (() => void) | undefined;

function route(): void {
  leave?.();
  leave = undefined;
  showProblem(undefined);
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const target = a.getAttribute('href')?.slice(1) ?? '/';
    const current = target === '/' ? hash === '/' || hash.startsWith('/parking/') : hash.startsWith(target);
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const open = (id: string): void => {
    location.hash = `#/parking/${encodeURIComponent(id)}`;
  };
  if (hash.startsWith('/parking/')) leave = parkingPage(main, hash.slice('/parking/'.length), showProblem);
  else if (hash === '/health') leave = healthView(main, showProblem);
  else if (hash.startsWith('/departures')) leave = departuresView(main, hash.slice('/departures/'.length), showProblem);
  else leave = parkingsView(main, open, showProblem);
}

function start(): void {
  translateStatic();
  langButton.addEventListener('click', () => {
    setLang(lang() === 'fr' ? 'en' : 'fr');
    translateStatic();
    route();
  });
  keyInput.value = apiKey() ?? '';
  keyToggle.addEventListener('click', () => {
    keyForm.hidden = !keyForm.hidden;
    keyToggle.setAttribute('aria-expanded', String(!keyForm.hidden));
    if (!keyForm.hidden) keyInput.focus();
  });
  keyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    setApiKey(keyInput.value.trim());
    location.reload();
  });
  document.getElementById('key-clear')?.addEventListener('click', () => {
    setApiKey(undefined);
    location.reload();
  });
  onLiveState((s) => {
    liveState.dataset.state = s.kind;
    liveState.textContent =
      s.kind === 'live'
        ? `● ${t('live')}`
        : s.kind === 'connecting'
          ? t('connecting')
          : s.kind === 'reconnecting'
            ? t('reconnecting')
            : t('offline', {
                why:
                  s.code === 'UNAUTHORIZED' ? (apiKey() === undefined ? t('keyNeeded') : t('keyRefused')) : s.message,
              });
    if (s.kind === 'refused' && s.code === 'UNAUTHORIZED') openKeyForm();
  });
  window.addEventListener('hashchange', route);
  route();
  loadParkings().catch((error: unknown) => showProblem(error, t('navParkings')));
}

start();
