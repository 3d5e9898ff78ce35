// The reusable map island's server side. Every module that shows or picks a location renders
// <MapView/>: it outputs a container with data attributes that /assets/places/map.js reads. The page
// must already be complete without it (a list of the features, real lat/lon form fields); the
// island only adds the map. Nothing here emits inline style or script, so the strict CSP holds.
import { usePage } from '../views/page-context.js';

export type MapGeometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: [number, number][][] };

/** A GeoJSON feature as the island draws it: a name for its tooltip and an optional link. */
export interface MapFeature {
  type: 'Feature';
  id?: string;
  geometry: MapGeometry;
  properties: { name: string; url?: string };
}

export interface MapPicker {
  /** name of the latitude <input> the map writes to and follows (the real form field) */
  lat: string;
  /** name of the longitude <input> */
  lon: string;
  /** id of a <select> (see PlaceChooser) whose options carry data-lat/data-lon; choosing one moves the point */
  choose?: string;
  /** id of the <form> holding those fields; without it they are looked up in the whole page */
  form?: string;
}

export interface MapViewProps {
  /** Unique on the page; the container gets id={id}, and tests select on [data-map-id=…]. */
  id: string;
  /** Accessible name of the map, e.g. "Karta över platserna". */
  label: string;
  /**
   * GeoJSON endpoints returning a FeatureCollection (optionally with `truncated: true`). The
   * island adds `bbox=minLon,minLat,maxLon,maxLat` of the visible area and reloads on moves.
   */
  layers?: string[];
  /** Features known at render time (a place's own shape, the point being edited). */
  features?: MapFeature[];
  /** Initial view; without it the map fits the features (or the first layer's answer). */
  view?: { lat: number; lon: number; zoom: number };
  /** Makes the map a point picker that stays in sync with these form fields. */
  picker?: MapPicker;
  size?: 'small' | 'medium' | 'large';
  /** What to say without JavaScript, when the page shows the data some other way than a list. */
  noScriptText?: string;
}

function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A map feature for a stored GeoJSON geometry (as kept in the places table). */
export function mapFeature(geometryJson: string, properties: MapFeature['properties'], id?: string): MapFeature | null {
  try {
    const geometry = JSON.parse(geometryJson) as MapGeometry;
    if (geometry.type !== 'Point' && geometry.type !== 'Polygon') return null;
    return { type: 'Feature', ...(id ? { id } : {}), geometry, properties };
  } catch {
    return null;
  }
}

/** Staff pages of a kommun live under /{kommun}/admin. */
function isStaffPath(path: string): boolean {
  return /^\/[^/?#]+\/admin(?:[/?#]|$)/.test(path);
}

export function MapView(props: MapViewProps) {
  const page = usePage();
  const { t } = page;
  const { tileUrl, attribution, vector } = page.mapConfig;
  const hasBasemap = Boolean(tileUrl || vector);
  // Residents need no word about a background nobody set up; staff need to know how to set one.
  const notice = hasBasemap ? t('map.basemapFailed') : isStaffPath(page.currentPath) ? t('map.noBasemapStaff') : null;
  // Every map of a kommun with a boundary draws it and, with nothing else to show, fits it.
  const boundary = page.kommun?.boundary ?? null;
  const size = props.size ?? 'medium';
  const helpId = `${props.id}-help`;
  return (
    <div
      class={`map map--${size}${props.picker ? ' map--picker' : ''}`}
      id={props.id}
      data-module="map"
      data-map-id={props.id}
      data-label={props.label}
      data-tile-url={tileUrl ?? ''}
      data-vector-url={vector?.url}
      data-vector-max-zoom={vector ? String(vector.maxZoom) : undefined}
      data-attribution={attribution}
      data-boundary-url={boundary ? `/api/v1/${page.kommun!.slug}/boundary.geojson` : undefined}
      data-boundary-bounds={boundary ? [boundary.bounds.minLon, boundary.bounds.minLat, boundary.bounds.maxLon, boundary.bounds.maxLat].map(roundCoordinate).join(',') : undefined}
      data-layers={props.layers && props.layers.length > 0 ? JSON.stringify(props.layers) : undefined}
      data-features={props.features && props.features.length > 0 ? JSON.stringify(props.features) : undefined}
      data-view={props.view ? `${roundCoordinate(props.view.lat)},${roundCoordinate(props.view.lon)},${props.view.zoom}` : undefined}
      data-pick-lat={props.picker?.lat}
      data-pick-lon={props.picker?.lon}
      data-pick-choose={props.picker?.choose}
      data-pick-form={props.picker?.form}
      data-msg-picked={t('map.picked')}
      data-msg-picked-marker={t('map.pickedMarker')}
      data-msg-truncated={t('map.truncated')}
      data-msg-load-failed={t('map.loadFailed')}
    >
      <div class="map__canvas" data-map-canvas="" aria-describedby={props.picker ? helpId : undefined}>
        <p class="map__noscript">{props.picker ? t('map.noScriptPicker') : (props.noScriptText ?? t('map.noScript'))}</p>
      </div>
      {props.picker ? (
        <p class="map__help" id={helpId} data-map-help="" hidden>
          {t('map.pickHelp')}
        </p>
      ) : null}
      {notice ? (
        <p class="map__notice" data-map-notice="" hidden>
          {notice}
        </p>
      ) : null}
      {boundary?.source ? (
        <p class="map__source" data-map-boundary-note="" hidden>
          {t('map.boundaryNote', { source: boundary.source })}
        </p>
      ) : null}
      <p class="map__status" data-map-status="" aria-live="polite" />
    </div>
  );
}

/**
 * A select of named places for a picker: each option carries its coordinates, so choosing one
 * moves the point. With `name` it is a real form field (e.g. a report's place); without, it is a
 * helper that needs JavaScript and stays hidden until the island shows it.
 */
export function PlaceChooser(props: {
  id: string;
  label: string;
  emptyLabel: string;
  places: { id: string; name: string; lat: number; lon: number }[];
  name?: string;
  selected?: string;
}) {
  return (
    <div class="ds-field field map-chooser" data-map-js-only={props.name ? undefined : ''} hidden={props.name ? undefined : true}>
      <label class="ds-label" for={props.id}>
        {props.label}
      </label>
      <select class="ds-input" id={props.id} name={props.name} data-map-chooser="">
        <option value="">{props.emptyLabel}</option>
        {props.places.map((place) => (
          <option key={place.id} value={place.id} data-lat={String(place.lat)} data-lon={String(place.lon)} selected={place.id === props.selected}>
            {place.name}
          </option>
        ))}
      </select>
    </div>
  );
}
