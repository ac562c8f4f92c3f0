#!/usr/bin/env -S node --max-semi-space-size=1
// The daemon lives inside the budget it watches: a 1 MiB young generation keeps its heap from
// growing by ~25 MiB under steady control traffic (V8 takes this flag only at start-up).
import '../dist/cli/main.js';
