// The staff queue's two place filters: reports from a named place ("Namngiven plats") and reports
// within a radius of one ("Område kring plats"). Each takes a place's id (links from other pages,
// and the matches offered under the filters) or text searched in the kommun's place names, so
// the page never lists every place of the kommun: a select of each of 500 places was most of the
// queue's cost to render, and a kommun may have thousands.
import type { Db } from '../../platform/db/database.js';
import { isId } from '../../platform/db/ids.js';
import type { FieldErrors } from '../../platform/http/errors.js';
import { findPlaceById, searchPlacesByName, type PlaceMatch } from '../../platform/places/index.js';
import { boxAround } from './report.location.js';
import type { QueueFilter } from './report.staff.repository.js';
import { placeSearch, staffLimits } from './report.staff.schemas.js';

/** What the page shows of one place filter. */
export interface PlaceFilterView {
  /** The place given by id: shown by name, with a link that removes it. */
  chosen?: { id: string; name: string };
  /** The text searched for, and the places it found (each offered as a link choosing it alone). */
  text?: string;
  matches: PlaceMatch[];
  /** More places matched than `matches` holds. */
  more: boolean;
  /** The places whose reports are shown (a name search): the exact name, else every match. */
  using: PlaceMatch[];
}

export interface PlaceFilters {
  placeIds?: QueueFilter['placeIds'];
  box?: QueueFilter['box'];
  place: PlaceFilterView;
  area: PlaceFilterView;
  /** Text that found no place, an id of a place that is gone, or an area that matched several. */
  errors: FieldErrors;
}

/** The filters' raw values: from the parsed query, or from a form that failed to parse. */
export interface PlaceFilterInput {
  plats?: string | undefined;
  platsnamn?: string | undefined;
  omrade?: string | undefined;
  omradesnamn?: string | undefined;
}

const none: PlaceFilterView = { matches: [], more: false, using: [] };

async function search(db: Db, kommunId: string, text: string): Promise<Omit<PlaceFilterView, 'using'>> {
  const found = await searchPlacesByName(db, kommunId, text, staffLimits.placeMatches + 1);
  return { text, matches: found.slice(0, staffLimits.placeMatches), more: found.length > staffLimits.placeMatches };
}

/** Text to search for, if the filter's schema takes it (a form that failed to parse may hold anything). */
function searchable(value: string | undefined): string | undefined {
  const parsed = placeSearch.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Resolves the queue's place filters. An id wins over text in the same filter (the page shows a
 * chosen place without its search field). Name search: every match up to staffLimits.placeMatches,
 * or only the places with exactly that name when there are such. An area needs one place: an
 * exact name, or text only one place matches; otherwise the matches are offered to choose from.
 */
export async function resolvePlaceFilters(db: Db, kommunId: string, input: PlaceFilterInput): Promise<PlaceFilters> {
  const errors: FieldErrors = {};
  let place = none;
  let placeIds: string[] | undefined;
  if (isId(input.plats)) {
    const found = await findPlaceById(db, kommunId, input.plats);
    if (found) {
      place = { ...none, chosen: { id: found.id, name: found.name } };
      placeIds = [found.id];
    } else errors.platsnamn = 'reports.staff.queue.placeGone';
  } else {
    const text = searchable(input.platsnamn);
    if (text) {
      const result = await search(db, kommunId, text);
      const exact = result.matches.filter((m) => m.exact);
      place = { ...result, using: exact.length > 0 ? exact : result.matches };
      if (result.matches.length === 0) errors.platsnamn = 'reports.staff.queue.placeNoMatch';
      else placeIds = place.using.map((m) => m.id);
    }
  }

  let area = none;
  let box: QueueFilter['box'];
  const areaOf = async (id: string) => {
    const found = await findPlaceById(db, kommunId, id);
    if (found) box = boxAround({ lat: found.lat, lon: found.lon }, staffLimits.areaRadiusMetres);
    return found;
  };
  if (isId(input.omrade)) {
    const found = await areaOf(input.omrade);
    if (found) area = { ...none, chosen: { id: found.id, name: found.name } };
    else errors.omradesnamn = 'reports.staff.queue.placeGone';
  } else {
    const text = searchable(input.omradesnamn);
    if (text) {
      const result = await search(db, kommunId, text);
      const one = result.matches.find((m) => m.exact) ?? (result.matches.length === 1 ? result.matches[0] : undefined);
      area = { ...result, using: one ? [one] : [] };
      if (result.matches.length === 0) errors.omradesnamn = 'reports.staff.queue.placeNoMatch';
      else if (!one) errors.omradesnamn = 'reports.staff.queue.areaSeveral';
      // Removed between the search and now: as if it had not matched.
      else if (!(await areaOf(one.id))) errors.omradesnamn = 'reports.staff.queue.placeNoMatch';
    }
  }
  return { placeIds, box, place, area, errors };
}
