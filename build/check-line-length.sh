#!/usr/bin/env bash
# Lines of C# at most 120 characters (.editorconfig's max_line_length, which dotnet format does not check).
set -euo pipefail
cd "$(dirname "$0")/.."
long=$(git ls-files '*.cs' | xargs awk 'length > 120 { print FILENAME ":" FNR ": " length " characters" }')
if [ -n "$long" ]; then
  echo "lines over 120 characters:"
  echo "$long" | head -20
  exit 1
fi
