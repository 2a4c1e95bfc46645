#!/bin/sh
# The checks before the tests: the type check and the type-aware lint side by side (each is one
# process, the machine has two cores: ~15 s less than one after the other on CI), failing when
# either fails; both print their own errors.
set -u
npx tsc --noEmit &
typecheck=$!
npx eslint .
lint=$?
wait "$typecheck"
types=$?
[ "$types" -eq 0 ] && [ "$lint" -eq 0 ]
