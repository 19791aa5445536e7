// The guide suite's pages (guide-suite.mjs, written once for both browsers) in Chromium.
import { guideSuite } from './guide-suite.mjs';

guideSuite(['chromium'], ['pages']);
