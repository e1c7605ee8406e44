#!/usr/bin/env bash
# The Debian package: `make deb` builds it (lintian finds no error), it
# installs into a scratch root with dpkg, and the files it installs are the
# ones the README names; the installed binary runs and its man pages format.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

if ! command -v dpkg-buildpackage >/dev/null || ! command -v lintian >/dev/null; then
	ok 1 "dpkg-buildpackage and lintian are installed (tests/deps deb; make check installs them)"
	done_testing
	exit
fi
log=$(mktemp)
root=$(mktemp -d)
trap 'rm -rf "$root" "$log"' EXIT
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s deb >"$log" 2>&1
ok $? "make deb builds the package, lintian reports no error"
[ $? -eq 0 ] || diag "$(tail -n 20 "$log")"
version=$(sed -n 's/^#define HWP_VERSION "\(.*\)"/\1/p' include/hwpoison/hwpoison.h)
deb=$(ls build/deb/hwpoison_"$version"_*.deb 2>/dev/null | head -n1)
ok $([ -n "$deb" ] && echo 0 || echo 1) "the package is build/deb/hwpoison_${version}_ARCH.deb"

mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless \
	--log=/dev/null -i "$deb" >"$log" 2>&1
ok $? "dpkg installs it into a scratch root"
[ $? -eq 0 ] || diag "$(cat "$log")"

installed=$( (cd "$root" && find usr -type f -o -type l) | sed 's|^|/|' | sort)
named=$(sed -n '/^## Installing/,/^## /p' README.md | grep -E '^/usr/' | sort)
[ -n "$named" ] && [ "$installed" = "$named" ]
ok $? "the package installs exactly the files the README names"
[ "$installed" = "$named" ] || diag "$(diff <(echo "$named") <(echo "$installed"))"

"$root/usr/sbin/hwpoison" --version | grep -qx "hwpoison $version"
ok $? "the installed binary runs: hwpoison $version"
for page in "$root"/usr/share/man/man8/*.8.gz; do
	[ -z "$(zcat "$page" | groff -man -ww -z 2>&1)" ]
	ok $? "installed man page $(basename "$page") formats without warnings"
done
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libmount1 libsmartcols1 libcap2 libtraceevent1; do
	grep -q "$lib" <<<"$deps"
	ok $? "Depends names $lib (from the packaging tools)"
done
[ "$(dpkg-deb -f "$deb" Recommends)" = libpfm4 ]
ok $? "libpfm4 is a recommendation, not a dependency"
done_testing
