// Places: a kommun's named places (a point or an outline) that reports, plans, meetings, walks
// and presence all link to. Owns the places table, the staff editor and the public places page.
// Knows nothing of the modules that link to places.
import { defineModule } from '../module.js';
import { placeMessages } from './place.messages.js';

export { createPlace, editPlace, removePlace } from './place.service.js';
export { findPlaceById, listPlaces, type Place } from './place.repository.js';
export { placeInputSchema, type PlaceInput } from './place.schemas.js';

export const placesFeature = defineModule({
  name: 'places',
  permissions: ['places.manage'],
  grants: { administrator: ['places.manage'], coordinator: ['places.manage'], police: ['places.manage'] },
  messages: placeMessages,
  publicNav: [{ path: 'platser', labelKey: 'places.nav', order: 20 }],
  staffNav: [{ path: 'admin/platser', labelKey: 'places.staffNav', permission: 'places.manage', order: 20 }],
});
