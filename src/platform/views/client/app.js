// Progressive enhancement: each island is a module named by data-module="…" on the element it
// enhances. Pages work without this file; it only adds what JavaScript can do better.
const islands = {
  'read-aloud': () => import('./read-aloud.js'),
  'error-summary': () => import('./error-summary.js'),
  'char-count': () => import('./char-count.js'),
  'keep-form': () => import('./keep-form.js'),
  map: () => import('/assets/map/map.js'),
};

for (const element of document.querySelectorAll('[data-module]')) {
  for (const name of element.dataset.module.split(/\s+/)) {
    const load = islands[name];
    if (load) {
      load()
        .then((module) => module.mount(element))
        .catch((error) => console.error(`island ${name} failed`, error));
    }
  }
}
