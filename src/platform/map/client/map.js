// The map island. Reads everything from data attributes that <MapView/> (map.views.tsx) writes,
// draws GeoJSON features with Leaflet and, as a picker, keeps a point in sync with the page's real
// lat/lon fields. The background is the self-hosted vector archive (protomaps-leaflet reading a
// PMTiles file from our own origin), else raster tiles, else a plain background. Its state shows
// in data attributes on the container (data-map-ready, data-tiles, data-feature-count,
// data-picked) for tests.
import * as L from '/assets/vendor/leaflet/leaflet-src.esm.js';

const leafletCss = '/assets/vendor/leaflet/leaflet.css';
const protomapsScript = '/assets/vendor/protomaps-leaflet/protomaps-leaflet.js';
const sweden = [
  [55.0, 10.5],
  [69.2, 24.3],
];
const pointZoom = 16;
const reloadDelayMs = 250;

let cssLoading;
function loadCss() {
  if (document.querySelector(`link[href="${leafletCss}"]`)) return Promise.resolve();
  cssLoading ??= new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = leafletCss;
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => resolve());
    document.head.prepend(link);
  });
  return cssLoading;
}

let protomapsLoading;
/**
 * protomaps-leaflet's browser build is a classic script that extends the global `L` and defines
 * the global `protomapsL`; those two are the only globals, and only on maps with a vector basemap.
 * A script file from our own origin keeps the CSP's script-src 'self'.
 */
function loadProtomaps() {
  protomapsLoading ??= new Promise((resolve, reject) => {
    globalThis.L ??= L;
    const script = document.createElement('script');
    script.src = protomapsScript;
    script.addEventListener('load', () => (globalThis.protomapsL ? resolve(globalThis.protomapsL) : reject(new Error('protomaps-leaflet did not load'))));
    script.addEventListener('error', () => reject(new Error('protomaps-leaflet did not load')));
    document.head.append(script);
  });
  return protomapsLoading;
}

/** The archive answers a range request for its header, or the basemap counts as failed. */
async function checkArchive(url) {
  const response = await fetch(url, { headers: { range: 'bytes=0-126' } });
  if (response.status !== 206 && response.status !== 200) throw new Error(`basemap answered ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (String.fromCharCode(...bytes.slice(0, 7)) !== 'PMTiles') throw new Error('basemap is not a PMTiles archive');
}

function parseJson(text, fallback) {
  if (!text) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** Accepts "59,534" as well as "59.534": people type the Swedish decimal comma. */
function parseCoordinate(value) {
  const text = String(value ?? '').trim().replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function formatCoordinate(value) {
  return String(Math.round(value * 1e6) / 1e6);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function popupFor(properties) {
  const box = document.createElement('div');
  const name = properties?.name ?? '';
  if (properties?.url) {
    const link = document.createElement('a');
    link.href = properties.url;
    link.textContent = name;
    box.append(link);
  } else {
    box.textContent = name;
  }
  return box;
}

/**
 * Draws a FeatureCollection into a group. On a picker map, choosing a place's point picks its
 * coordinates and areas let clicks through to the map, so they never hide the spot beneath.
 */
function drawFeatures(collection, group, onPick) {
  const layer = L.geoJSON(collection, {
    style: () => ({ className: 'map-area', weight: 3, interactive: !onPick }),
    pointToLayer: (feature, latlng) =>
      L.marker(latlng, {
        icon: L.divIcon({ className: 'map-point', iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10] }),
        title: feature.properties?.name ?? '',
        keyboard: true,
      }),
    onEachFeature: (feature, featureLayer) => {
      if (onPick && feature.geometry?.type === 'Point') {
        featureLayer.on('click', () => {
          const latlng = featureLayer.getLatLng();
          onPick(latlng.lat, latlng.lng);
        });
        return;
      }
      featureLayer.bindPopup(popupFor(feature.properties));
      // Leaflet puts a string tooltip in as HTML; a text node keeps a place's name plain text.
      if (feature.geometry?.type !== 'Point') featureLayer.bindTooltip(document.createTextNode(feature.properties?.name ?? ''), { sticky: true });
    },
  });
  layer.addTo(group);
  return layer;
}

export function mount(root) {
  if (root.dataset.mapReady) return;
  root.dataset.mapReady = 'loading';
  return loadCss().then(() => start(root));
}

function start(root) {
  const data = root.dataset;
  const canvas = root.querySelector('[data-map-canvas]');
  const notice = root.querySelector('[data-map-notice]');
  const status = root.querySelector('[data-map-status]');
  const help = root.querySelector('[data-map-help]');
  canvas.replaceChildren();

  const map = L.map(canvas, { keyboard: true, zoomControl: true, minZoom: 4, maxZoom: 19, worldCopyJump: false });
  canvas.setAttribute('aria-label', data.label || '');
  canvas.tabIndex = 0;

  const info = document.createElement('p');
  info.className = 'map__info';
  info.dataset.mapInfo = '';
  info.hidden = true;
  canvas.after(info);
  const showInfo = (text) => {
    info.textContent = text || '';
    info.hidden = !text;
  };

  // The vector basemap, else raster tiles, else a plain background. The server renders the notice
  // only where it helps: staff learn that no basemap is set up; everyone learns when one fails.
  const plain = () => {
    root.classList.add('map--plain');
    root.dataset.tiles = data.tileUrl || data.vectorUrl ? 'failed' : 'none';
    if (notice) notice.hidden = false;
  };
  if (data.vectorUrl) {
    root.dataset.tiles = 'loading';
    Promise.all([loadProtomaps(), checkArchive(data.vectorUrl)])
      .then(([protomapsL]) => {
        const basemap = protomapsL.leafletLayer({
          url: data.vectorUrl,
          flavor: 'light',
          lang: document.documentElement.lang || 'sv',
          maxDataZoom: Number(data.vectorMaxZoom) || 15,
          maxZoom: 19,
          attribution: data.attribution || '',
        });
        basemap.on('tileload', () => {
          root.dataset.tiles = 'ok';
        });
        basemap.addTo(map);
        basemap.bringToBack();
      })
      .catch(plain);
  } else if (data.tileUrl) {
    let loaded = 0;
    root.dataset.tiles = 'loading';
    const tiles = L.tileLayer(data.tileUrl, { attribution: data.attribution || '', maxZoom: 19, crossOrigin: false });
    tiles.on('tileload', () => {
      loaded += 1;
      root.dataset.tiles = 'ok';
      root.classList.remove('map--plain');
      if (notice) notice.hidden = true;
    });
    tiles.on('tileerror', () => {
      if (loaded === 0) plain();
    });
    tiles.addTo(map);
  } else {
    plain();
  }

  // The kommun's boundary: an outline under the features, fetched once; its box is known at once.
  const boundaryBox = (data.boundaryBounds || '').split(',').map(Number);
  const boundaryBounds = boundaryBox.length === 4 && boundaryBox.every(Number.isFinite) ? L.latLngBounds([boundaryBox[1], boundaryBox[0]], [boundaryBox[3], boundaryBox[2]]) : null;
  if (data.boundaryUrl) {
    fetch(data.boundaryUrl, { headers: { accept: 'application/geo+json, application/json' } })
      .then((response) => (response.ok ? response.json() : null))
      .then((feature) => {
        if (!feature) return;
        L.geoJSON(feature, { style: () => ({ className: 'map-boundary', weight: 2, fill: false, interactive: false }) }).addTo(map);
        root.dataset.boundary = 'shown';
        const note = root.querySelector('[data-map-boundary-note]');
        if (note) note.hidden = false;
      })
      .catch(() => undefined);
  }

  // Features: inline ones first, then the layers fetched for the visible area.
  const inline = parseJson(data.features, []);
  const inlineGroup = L.featureGroup().addTo(map);
  // Set once the picker is wired up; features drawn after that pick on click.
  let pickFromFeature = null;
  const layerUrls = parseJson(data.layers, []);
  const fetchedGroup = L.featureGroup().addTo(map);
  let controller;
  let reloadTimer;

  const withQuery = (url, query) => `${url}${url.includes('?') ? '&' : '?'}${query}`;
  const bboxOfView = () => {
    const b = map.getBounds();
    const clamp = (v, min, max) => Math.min(max, Math.max(min, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(5))
      .join(',');
  };

  async function loadLayers({ useBbox }) {
    if (layerUrls.length === 0) return null;
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    try {
      const answers = await Promise.all(
        layerUrls.map(async (url) => {
          const response = await fetch(useBbox ? withQuery(url, `bbox=${bboxOfView()}`) : url, { signal, headers: { accept: 'application/geo+json, application/json' } });
          if (!response.ok) throw new Error(`map layer answered ${response.status}`);
          return response.json();
        }),
      );
      fetchedGroup.clearLayers();
      let count = 0;
      let truncated = false;
      for (const collection of answers) {
        drawFeatures(collection, fetchedGroup, pickFromFeature);
        count += collection.features?.length ?? 0;
        truncated ||= collection.truncated === true;
      }
      root.dataset.featureCount = String(count + inline.length);
      showInfo(truncated ? data.msgTruncated : '');
      return fetchedGroup;
    } catch (error) {
      if (error?.name === 'AbortError') return null;
      showInfo(data.msgLoadFailed);
      return null;
    }
  }
  root.dataset.featureCount = String(inline.length);

  // The picker: the form's lat/lon inputs are the truth; the map reads and writes them.
  const scope = (data.pickForm && document.getElementById(data.pickForm)) || document;
  const field = (name) => (name ? scope.querySelector(`[name="${CSS.escape(name)}"]`) : null);
  const latInput = field(data.pickLat);
  const lonInput = field(data.pickLon);
  const picking = Boolean(latInput && lonInput);
  let pickMarker = null;

  function placeMarker(lat, lon) {
    const latlng = L.latLng(lat, lon);
    if (!pickMarker) {
      pickMarker = L.marker(latlng, {
        icon: L.divIcon({ className: 'map-pick', iconSize: [30, 30], iconAnchor: [15, 15] }),
        keyboard: false,
        interactive: false,
        title: data.msgPickedMarker || '',
      }).addTo(map);
    } else {
      pickMarker.setLatLng(latlng);
    }
    root.dataset.picked = `${formatCoordinate(lat)},${formatCoordinate(lon)}`;
    return latlng;
  }

  function pick(lat, lon) {
    placeMarker(lat, lon);
    latInput.value = formatCoordinate(lat);
    lonInput.value = formatCoordinate(lon);
    for (const input of [latInput, lonInput]) input.dispatchEvent(new Event('change', { bubbles: true }));
    if (status) status.textContent = fill(data.msgPicked || '{lat}, {lon}', { lat: formatCoordinate(lat), lon: formatCoordinate(lon) });
  }

  function pointFromInputs() {
    const lat = parseCoordinate(latInput?.value);
    const lon = parseCoordinate(lonInput?.value);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return [lat, lon];
  }

  // A picker takes the arrow keys and Enter itself, so screen readers should pass them through.
  canvas.setAttribute('role', picking ? 'application' : 'region');
  if (picking) {
    root.classList.add('map--picking');
    const crosshair = document.createElement('div');
    crosshair.className = 'map__crosshair';
    crosshair.setAttribute('aria-hidden', 'true');
    canvas.append(crosshair);
    if (help) help.hidden = false;

    map.on('click', (event) => pick(event.latlng.lat, event.latlng.lng));
    pickFromFeature = (lat, lon) => pick(lat, lon);
    canvas.addEventListener('keydown', (event) => {
      if (event.target !== canvas) return;
      if (event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar') {
        event.preventDefault();
        const centre = map.getCenter();
        pick(centre.lat, centre.lng);
      }
    });
    const follow = (event) => {
      // Our own writes dispatch change events too; only a person's typing moves the view.
      if (!event.isTrusted) return;
      const point = pointFromInputs();
      if (!point) return;
      const latlng = placeMarker(point[0], point[1]);
      if (!map.getBounds().contains(latlng)) map.panTo(latlng);
    };
    for (const input of [latInput, lonInput]) {
      input.addEventListener('input', follow);
      input.addEventListener('change', follow);
    }
    const chooser = data.pickChoose ? document.getElementById(data.pickChoose) : null;
    if (chooser) {
      const wrapper = chooser.closest('[data-map-js-only]');
      if (wrapper) wrapper.hidden = false;
      chooser.addEventListener('change', () => {
        const option = chooser.selectedOptions[0];
        const lat = parseCoordinate(option?.dataset.lat);
        const lon = parseCoordinate(option?.dataset.lon);
        if (lat === null || lon === null) return;
        pick(lat, lon);
        map.setView([lat, lon], Math.max(map.getZoom() || 0, pointZoom));
      });
    }
  }

  if (inline.length > 0) drawFeatures({ type: 'FeatureCollection', features: inline }, inlineGroup, pickFromFeature);

  // Initial view: given, else fit what is known, else the kommun's boundary, else the first
  // answer, else Sweden.
  const initialPoint = picking ? pointFromInputs() : null;
  if (initialPoint) placeMarker(initialPoint[0], initialPoint[1]);
  const view = (data.view || '').split(',').map(Number);
  const fitKnown = () => {
    const bounds = inlineGroup.getBounds();
    if (pickMarker) bounds.extend(pickMarker.getLatLng());
    if (!bounds.isValid()) return false;
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), pointZoom);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: pointZoom });
    return true;
  };

  const scheduleReload = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void loadLayers({ useBbox: true }), reloadDelayMs);
  };

  if (view.length === 3 && view.every(Number.isFinite)) {
    map.setView([view[0], view[1]], view[2]);
    void loadLayers({ useBbox: true });
  } else if (fitKnown()) {
    void loadLayers({ useBbox: true });
  } else if (boundaryBounds) {
    map.fitBounds(boundaryBounds, { padding: [8, 8] });
    void loadLayers({ useBbox: true });
  } else if (layerUrls.length > 0) {
    map.fitBounds(sweden);
    void loadLayers({ useBbox: false }).then((group) => {
      const bounds = group?.getBounds();
      if (bounds?.isValid()) {
        if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), pointZoom);
        else map.fitBounds(bounds, { padding: [24, 24], maxZoom: pointZoom });
      }
    });
  } else {
    map.fitBounds(sweden);
  }
  map.on('moveend', scheduleReload);
  root.dataset.mapReady = 'true';
}
