// The guide suite's journeys (guide-suite.mjs, written once for both browsers) in Firefox ESR.
import { guideSuite } from './guide-suite.mjs';

guideSuite(['firefox'], ['journeys']);
