// A live character count on a field with a limit: "45 av 200 tecken". Without it the browser
// silently cuts pasted text at maxlength; with it the limit is lifted, the count says how much
// is too much, and the server refuses text over the limit like any other error.
// Screen readers hear the count with the field's description, and a polite update once typing
// pauses (not on every key, which would drown out what is typed).
const pauseMs = 1000;

function format(template, n, max) {
  return template.replace('{n}', String(n)).replace('{max}', String(max));
}

export function mount(field) {
  const max = Number(field.getAttribute('maxlength'));
  if (!max || !field.id) return;
  const countText = field.dataset.countText ?? '{n} / {max}';
  const overText = field.dataset.countOver ?? countText;
  field.removeAttribute('maxlength');
  field.dataset.maxlength = String(max);

  const shown = document.createElement('p');
  shown.id = `${field.id}-count`;
  shown.className = 'char-count';
  const announced = document.createElement('p');
  announced.className = 'ds-sr-only';
  announced.setAttribute('aria-live', 'polite');
  field.after(shown, announced);
  // The count is part of the field's description, read on focus; the live region only speaks changes.
  field.setAttribute('aria-describedby', [field.getAttribute('aria-describedby'), shown.id].filter(Boolean).join(' '));

  let timer;
  const update = (announce) => {
    const n = field.value.length;
    const text = format(n > max ? overText : countText, n, max);
    shown.textContent = text;
    shown.toggleAttribute('data-over', n > max);
    clearTimeout(timer);
    if (announce) timer = setTimeout(() => (announced.textContent = text), pauseMs);
  };
  field.addEventListener('input', () => update(true));
  update(false);
}
