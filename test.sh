#!/usr/bin/env bash
# The README's test command: installs what the tests need and is missing, then runs every test.
#
#   chromium      Debian package; the fleet report's HTML page is rendered in headless Chromium.
#   osslsigncode  Debian package; an Authenticode verifier that is not ours, for the signed scripts.
#   tzdata        Debian package; the time zones the behaviour suite runs in (usually already there).
#   .NET tools    from .config/dotnet-tools.json (dotnet tool restore), when the repository has any.
#
# Then every test, and the behaviour suite (the generated scripts under PowerShell) again in three more time
# zones and cultures: one west of UTC, one east, one with a half-hour offset, and cultures with other date,
# number and calendar rules (th-TH counts years in the Buddhist era), because a script that is right in UTC and
# en-US can still be wrong on a device elsewhere.
#
# NuGet packages (the PowerShell SDK, Pester, the .NET Framework reference assemblies, ...) restore with
# the build. Arguments are passed to the first `dotnet test` (for example --filter).
# The fast subset without the system packages:
#   dotnet test AovpnRemediations.sln --filter "Category!=ExternalTool"
set -euo pipefail
cd "$(dirname "$0")"
# English summaries whatever the culture a run is in: .ci/run sums them.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_UI_LANGUAGE=en

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v osslsigncode >/dev/null 2>&1 || missing+=(osslsigncode)
[ -d /usr/share/zoneinfo/Asia ] || missing+=(tzdata)
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

status=0
dotnet test AovpnRemediations.sln "$@" || status=1

# zone, POSIX locale, .NET culture name (the suite checks it really runs in both: EnvironmentTests)
for run in "America/Los_Angeles de_DE de-DE" "Asia/Tokyo ar_SA ar-SA" "Asia/Kolkata th_TH th-TH"; do
    set -- $run
    echo "test.sh: behaviour suite in $1, $3"
    TZ=$1 LANG=$2.UTF-8 LC_ALL=$2.UTF-8 AOVPN_TEST_TZ=$1 AOVPN_TEST_CULTURE=$3 \
        dotnet test tests/AovpnRemediations.Behaviour.Tests --no-build || status=1
done
exit $status
