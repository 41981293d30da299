# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up of tools/demo and tools/check (sourced from the repo root):
# installs the Debian packages that are missing, then autoreconf,
# configure and make.  Extra configure flags: LTTV_CONFIGURE_FLAGS.

lttv_packages="build-essential autoconf automake libtool autopoint gettext pkg-config
 libglib2.0-dev libgtk-3-dev libcairo2-dev liburcu-dev libpopt-dev
 babeltrace2 babeltrace clang libclang-rt-dev python3 xvfb xauth xdotool"

lttv_install_packages() {
	missing=""
	for p in $lttv_packages; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	echo "Installing missing Debian packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null; then
		SUDO="sudo"
	else
		echo "error: these packages are missing and neither root nor sudo is available:$missing" >&2
		return 1
	fi
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# lttv_build DIR [CONFIGURE-FLAGS...]: an out-of-tree build in DIR
# (build/ for the normal one, build-asan/ with --enable-asan).
lttv_build() {
	dir=$1
	shift
	jobs=$(nproc 2>/dev/null || echo 2)
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
		autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/config.status" ]; then
		(cd "$dir" && ../configure -q "$@")
	fi
	make -C "$dir" -s -j"$jobs" >/dev/null
}
