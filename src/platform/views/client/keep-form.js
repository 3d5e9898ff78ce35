// Switching language mid-form keeps what was typed. The language link is a plain GET that sets a
// cookie and comes back to the same address, which renders the form afresh; so, just before the
// link is followed, the fields the person changed are kept in this tab's sessionStorage (under
// the page's address) and put back when the page comes back, then forgotten. Passwords, one-time
// codes, hidden fields (CSRF tokens) and files are never kept. Without JavaScript the link still
// works; the form is then shown empty in the other language.
const prefix = 'samtrygg:kept-form:';

/** The page's address as the language link returns to it: without the CSRF token a failed upload left in it. */
function keyFor(url) {
  url.searchParams.delete('_csrf');
  return `${prefix}${url.pathname}${url.search}`;
}

function keepable(element) {
  if (!element.name || element.disabled) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (!(element instanceof HTMLInputElement)) return false;
  if (['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(element.type)) return false;
  return element.autocomplete !== 'one-time-code';
}

function changed(element) {
  if (element instanceof HTMLSelectElement) return [...element.options].some((o) => o.selected !== o.defaultSelected);
  if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) return element.checked !== element.defaultChecked;
  return element.value !== element.defaultValue;
}

function forms() {
  return [...document.querySelectorAll('main form')];
}

function save() {
  const kept = [];
  forms().forEach((form, formIndex) => {
    for (const element of form.elements) {
      if (!keepable(element) || !changed(element)) continue;
      const checkable = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');
      kept.push({ form: formIndex, name: element.name, value: element.value, checked: checkable ? element.checked : undefined });
    }
  });
  if (kept.length === 0) return;
  try {
    sessionStorage.setItem(keyFor(new URL(location.href)), JSON.stringify(kept));
  } catch {
    // Storage full or refused (private mode): the link works as it does without JavaScript.
  }
}

function restore() {
  const key = keyFor(new URL(location.href));
  let kept;
  try {
    kept = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    sessionStorage.removeItem(key);
  } catch {
    return;
  }
  if (!Array.isArray(kept)) return;
  const all = forms();
  for (const item of kept) {
    const form = all[item.form];
    if (!form) continue;
    for (const element of form.elements) {
      if (element.name !== item.name || !keepable(element)) continue;
      if (item.checked !== undefined) {
        if (element.value === item.value) element.checked = item.checked;
      } else {
        element.value = item.value;
        element.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
  }
}

export function mount(languageSwitch) {
  restore();
  for (const link of languageSwitch.querySelectorAll('a[href]')) link.addEventListener('click', save);
}
