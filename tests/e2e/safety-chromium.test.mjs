// The safety suite (safety-suite.mjs, written once for both browsers) in Chromium.
import { safetySuite } from './safety-suite.mjs';

safetySuite(['chromium']);
