// Places: a kommun's named places (a point or an outline) that reports, plans, meetings, walks
// and presence all link to. Owns the places table, the staff editor and the public places page.
// Knows nothing of the modules that link to places. The map island (../map) is registered here
// too: its messages ride on this manifest.
import { fileURLToPath } from 'node:url';
import { defineModule } from '../module.js';
import { placeMessages } from './place.messages.js';
import { registerPlaceRoutes } from './place.routes.js';
import * as bboxIndexMigration from './migrations/2026_11_25_0020_places_bbox_index.js';

export { createPlace, editPlace, removePlace } from './place.service.js';
export { findPlaceById, findPlaceBySlug, findPlacePoint, findPlaceNames, listPlaces, searchPlacesByName, type Place, type PlaceMatch, type PlacePoint } from './place.repository.js';
export { placeLimits } from './place.schemas.js';
export { placeInputSchema, type PlaceInput } from './place.schemas.js';
export { parseBbox, placeFeature, placeUrl } from './place.presenter.js';

export const placesFeature = defineModule({
  name: 'places',
  migrations: { '2026_11_25_0020_places_bbox_index': bboxIndexMigration },
  permissions: ['places.manage'],
  grants: { administrator: ['places.manage'], coordinator: ['places.manage'], police: ['places.manage'] },
  messages: placeMessages,
  routes: (app, ctx) => {
    registerPlaceRoutes(app, ctx);
  },
  publicNav: [{ path: 'platser', labelKey: 'places.nav', order: 20 }],
  assets: { dir: fileURLToPath(new URL('../map/client', import.meta.url)), islands: { map: 'map.js' } },
  staffNav: [{ path: 'admin/platser', labelKey: 'places.staffNav', permission: 'places.manage', order: 20 }],
});
