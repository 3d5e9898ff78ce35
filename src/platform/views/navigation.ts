import type { NavLink } from '../module.js';

// Filled once at start from the module manifests; views read it through the page context.
const state: {
  publicNav: NavLink[];
  staffNav: NavLink[];
  mapConfig: { tileUrl: string | undefined; attribution: string };
} = { publicNav: [], staffNav: [], mapConfig: { tileUrl: undefined, attribution: '' } };

export function setNavigation(publicNav: NavLink[], staffNav: NavLink[], mapConfig: typeof state.mapConfig): void {
  state.publicNav = [...publicNav].sort((a, b) => a.order - b.order);
  state.staffNav = [...staffNav].sort((a, b) => a.order - b.order);
  state.mapConfig = mapConfig;
}

export function navigation(): typeof state {
  return state;
}
