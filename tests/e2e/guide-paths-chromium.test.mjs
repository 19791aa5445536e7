// The guide suite's 2026 paths (guide-suite.mjs, written once for both browsers) in Chromium.
import { guideSuite } from './guide-suite.mjs';

guideSuite(['chromium'], ['paths']);
