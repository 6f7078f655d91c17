# Sourced by the benchmark scripts from the repository root: sets $capsim to the binary to
# measure and says which commit it is. CAPSIM=/path/to/capsim skips the build and measures
# that binary instead (for example while the working tree does not compile).
if [ -n "${CAPSIM:-}" ]; then
    capsim="$CAPSIM"
else
    scripts/setup >&2
    swift build -c release --product capsim >&2
    capsim=.build/release/capsim
fi
echo "capsim: $capsim ($(git log -1 --format=%h) $(git status --porcelain -- Sources Package.swift | wc -l | tr -d " ") changed files in Sources)" >&2
