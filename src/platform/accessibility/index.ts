// Accessibility: the tillgänglighetsredogörelse per kommun and the form for reporting
// accessibility problems, which reaches the kommun's administrators.
import { defineModule } from '../module.js';

export const accessibilityFeature = defineModule({ name: 'accessibility' });
