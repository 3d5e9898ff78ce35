// "Use my position" on the report form: shown only where the browser can tell a position; fills
// the form's own lat/lon fields (the real fields, which the server checks like typed ones) and
// says what happened in a live line next to the button. Without JavaScript the button stays hidden.
const decimals = 6;

export function mount(button) {
  if (!('geolocation' in navigator) || button.dataset.positionReady) return;
  button.dataset.positionReady = 'true';
  const scope = button.closest('form') || document;
  const lat = scope.querySelector('[name="lat"]');
  const lon = scope.querySelector('[name="lon"]');
  if (!lat || !lon) return;
  const status = document.createElement('p');
  status.className = 'report-position__status';
  status.setAttribute('aria-live', 'polite');
  button.after(status);
  button.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = button.dataset.positionBusy || '';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        button.disabled = false;
        lat.value = position.coords.latitude.toFixed(decimals);
        lon.value = position.coords.longitude.toFixed(decimals);
        for (const input of [lat, lon]) input.dispatchEvent(new Event('change', { bubbles: true }));
        status.textContent = `${lat.value}, ${lon.value}`;
        lat.focus();
      },
      () => {
        button.disabled = false;
        status.textContent = button.dataset.positionFailed || '';
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}
