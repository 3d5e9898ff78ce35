// The reports map island. It mounts the kernel's map island (/assets/places/map.js, found through
// /assets/islands.js) on the container <MapView/> rendered — so the background, the kommun's
// outline, the keyboard and the data attributes are the kernel's — and draws on that map the
// viewport answers of /api/v1/:kommun/reports.geojson: clusters as numbered buttons that zoom in
// on Enter, Space or click, single reports as links to their pages. Each answer's counts are
// announced in the map's live status line, and its zoom is kept in data-report-zoom for tests.
// The kernel's island keeps its map to itself, so this island learns of it through a Leaflet
// init hook, registered before the kernel's island runs.
import * as L from '/assets/vendor/leaflet/leaflet-src.esm.js';
import islands from '/assets/islands.js';

const reloadDelayMs = 250;
const maxZoom = 19;

function fill(template, values) {
  return String(template || '').replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** Bigger groups draw bigger (Leaflet positions markers by transform, so the size is set here, not in CSS). */
function clusterSize(count) {
  if (count >= 1000) return { name: 'l', px: 52 };
  if (count >= 100) return { name: 'm', px: 44 };
  return { name: 's', px: 36 };
}

export async function mount(root) {
  if (root.dataset.reportMap) return;
  root.dataset.reportMap = 'loading';
  const data = root.dataset;
  const captured = new Promise((resolve) => {
    L.Map.addInitHook(function () {
      if (root.contains(this.getContainer())) resolve(this);
    });
  });
  const kernel = await import(islands.map);
  await kernel.mount(root);
  const map = await captured;
  const canvas = root.querySelector('[data-map-canvas]');
  const status = root.querySelector('[data-map-status]');
  const layer = L.layerGroup().addTo(map);
  let controller;
  let timer;

  const bboxOfView = () => {
    const b = map.getBounds();
    const clamp = (v, min, max) => Math.min(max, Math.max(min, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(5)).join(',');
  };

  function clusterMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const count = feature.properties.count;
    const label = fill(data.msgCluster, { n: count });
    const html = document.createElement('span');
    html.textContent = String(count);
    html.setAttribute('aria-hidden', 'true');
    const size = clusterSize(count);
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ className: `report-cluster report-cluster--${size.name}`, html, iconSize: [size.px, size.px], iconAnchor: [size.px / 2, size.px / 2] }),
      keyboard: true,
      title: label,
    });
    // The marker goes away with the reload, so focus returns to the map itself, where the arrow
    // keys and +/- keep working and Tab reaches the new markers.
    const zoomIn = () => {
      canvas?.focus();
      map.setView([lat, lon], Math.min(map.getZoom() + 2, maxZoom));
    };
    marker.on('click', zoomIn);
    // Leaflet gives the icon role="button" and a tab stop but turns no key into a click, so Enter
    // and Space are this island's, as on any button (Space must not scroll the page).
    marker.on('keydown', (event) => {
      const key = event.originalEvent.key;
      if (key !== 'Enter' && key !== ' ') return;
      event.originalEvent.preventDefault();
      zoomIn();
    });
    marker.on('add', () => marker.getElement()?.setAttribute('aria-label', label));
    return marker;
  }

  /**
   * A single report is a link to its page: the link, not Leaflet's icon, is the tab stop, so
   * Enter and a click both open the report, and a screen reader hears a link with its name.
   */
  function pointMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const link = document.createElement('a');
    link.href = feature.properties.url;
    link.className = 'report-point__link';
    link.title = feature.properties.name;
    link.setAttribute('aria-label', feature.properties.name);
    return L.marker([lat, lon], {
      icon: L.divIcon({ className: `map-point report-point report-point--${feature.properties.status}`, html: link, iconSize: [22, 22], iconAnchor: [11, 11] }),
      keyboard: false,
    });
  }

  async function load() {
    controller?.abort();
    controller = new AbortController();
    const url = data.reportLayer;
    const zoom = Math.round(map.getZoom());
    const query = `bbox=${bboxOfView()}&zoom=${zoom}`;
    try {
      const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`, { signal: controller.signal, headers: { accept: 'application/geo+json, application/json' } });
      if (!response.ok) throw new Error(`reports layer answered ${response.status}`);
      const collection = await response.json();
      layer.clearLayers();
      let clusters = 0;
      let points = 0;
      let total = 0;
      for (const feature of collection.features ?? []) {
        if (feature.properties?.cluster) {
          clusters += 1;
          total += feature.properties.count;
          clusterMarker(feature).addTo(layer);
        } else {
          points += 1;
          total += 1;
          pointMarker(feature).addTo(layer);
        }
      }
      root.dataset.featureCount = String(clusters + points);
      root.dataset.clusterCount = String(clusters);
      root.dataset.reportCount = String(total);
      root.dataset.reportZoom = String(zoom);
      if (status) status.textContent = total === 0 ? data.msgNothing || '' : fill(data.msgSummary, { points, clusters, total: total - points });
    } catch (error) {
      if (error?.name === 'AbortError') return;
      const info = root.querySelector('[data-map-info]');
      if (info) {
        info.textContent = data.msgLoadFailed || '';
        info.hidden = false;
      }
    }
  }

  map.on('moveend', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), reloadDelayMs);
  });
  await load();
  root.dataset.reportMap = 'ready';
}
