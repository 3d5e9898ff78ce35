import type { NavLink } from '../module.js';

// Filled once at start from the module manifests; views read it through the page context.
const state: {
  publicNav: NavLink[];
  staffNav: NavLink[];
} = { publicNav: [], staffNav: [] };

export function setNavigation(publicNav: NavLink[], staffNav: NavLink[]): void {
  state.publicNav = [...publicNav].sort((a, b) => a.order - b.order);
  state.staffNav = [...staffNav].sort((a, b) => a.order - b.order);
}

export function navigation(): typeof state {
  return state;
}
