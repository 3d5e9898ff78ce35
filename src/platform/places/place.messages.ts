import { defineMessages } from '../i18n/i18n.js';

export const placeMessages = defineMessages(
  {
    'places.nav': 'Platser',
    'places.staffNav': 'Platser',
    'places.latInvalid': 'Skriv latitud som ett tal, till exempel 59.534.',
    'places.lonInvalid': 'Skriv longitud som ett tal, till exempel 18.078.',
    'places.outsideSweden': 'Punkten ligger utanför Sverige. Har latitud och longitud bytt plats?',
    'places.polygonInvalid': 'Ytan kunde inte läsas. Ange den som GeoJSON med minst tre hörn.',
    'places.polygonTooSmall': 'En yta behöver minst tre hörn.',
    'places.polygonTooLarge': 'Ytan har för många hörn.',
  },
  {
    'places.nav': 'Places',
    'places.staffNav': 'Places',
    'places.latInvalid': 'Enter latitude as a number, for example 59.534.',
    'places.lonInvalid': 'Enter longitude as a number, for example 18.078.',
    'places.outsideSweden': 'The point is outside Sweden. Have latitude and longitude been swapped?',
    'places.polygonInvalid': 'The area could not be read. Give it as GeoJSON with at least three corners.',
    'places.polygonTooSmall': 'An area needs at least three corners.',
    'places.polygonTooLarge': 'The area has too many corners.',
  },
);
