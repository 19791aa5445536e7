// The guide suite's pages and 2026 paths (guide-suite.mjs, written once for both browsers) in
// Firefox ESR.
import { guideSuite } from './guide-suite.mjs';

guideSuite(['firefox'], ['pages', 'paths']);
