// Proof of work for the report form's send, solved in the browser while the resident reads the
// summary: find the number n with SHA-256(salt + n) = challenge (altcha's format; the server
// signed the challenge and spends each solution once). The answer goes into the hidden field
// before the form is sent. Without this script, or where crypto.subtle is missing (a page not
// served over https), the field stays empty and the server asks to confirm once more instead.
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

export async function solve(challenge) {
  const encoder = new TextEncoder();
  for (let n = 0; n <= challenge.maxnumber; n += 1) {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge.salt}${n}`));
    if (hex(digest) === challenge.challenge) return n;
  }
  return null;
}

export function mount(element) {
  const form = element.closest('form');
  const field = form?.querySelector('input[name="altcha"]');
  if (!form || !field || !globalThis.crypto?.subtle) return;
  let challenge;
  try {
    challenge = JSON.parse(element.dataset.challenge ?? '');
  } catch {
    return;
  }
  const started = Date.now();
  const solving = solve(challenge)
    .then((number) => {
      if (number === null) return;
      const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature, took: Date.now() - started };
      field.value = btoa(JSON.stringify(payload));
    })
    .catch(() => {});

  // Sending before the answer is found waits for it (buttons with their own formaction, such
  // as "Change", need no answer and go at once).
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    if (field.value || (submitter && submitter.hasAttribute('formaction')) || form.dataset.powWaited) return;
    event.preventDefault();
    element.textContent = element.dataset.working ?? '';
    form.dataset.powWaited = '1';
    solving.then(() => {
      element.textContent = '';
      form.requestSubmit(submitter ?? undefined);
    });
  });
}
