#!/usr/bin/env bash
# The README's test command: installs what the tests need and is missing, then runs every test.
#
#   chromium      Debian package; the fleet report's HTML page is rendered in headless Chromium.
#   osslsigncode  Debian package; an Authenticode verifier that is not ours, for the signed scripts.
#   .NET tools    from .config/dotnet-tools.json (dotnet tool restore), when the repository has any.
#
# NuGet packages (the PowerShell SDK, Pester, the .NET Framework reference assemblies, ...) restore with
# the build. Arguments are passed to the first `dotnet test` (for example --filter).
# The fast subset without the system packages:
#   dotnet test AovpnRemediations.sln --filter "Category!=ExternalTool"
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v osslsigncode >/dev/null 2>&1 || missing+=(osslsigncode)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]} (Debian packages the tests use)..."
    if [ "$(id -u)" -eq 0 ]; then
        apt_get=(apt-get)
    elif command -v sudo >/dev/null 2>&1; then
        apt_get=(sudo apt-get)
    else
        echo "test.sh: ${missing[*]} missing and this user cannot install packages; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    if ! { "${apt_get[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}" >/dev/null; }; then
        echo "test.sh: could not install ${missing[*]}; install them with apt-get and run again" >&2
        exit 1
    fi
fi

if [ -f .config/dotnet-tools.json ]; then
    dotnet tool restore
fi

dotnet test AovpnRemediations.sln "$@"
