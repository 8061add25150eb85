#!/bin/sh
# Runs one private libvirtd for ConformanceKit (PrivateDaemon.cs) and ties its life to the harness.
# usage: sh private-libvirtd.sh LIBVIRTD FOLDER
#
# stdin is the lifeline: the harness holds the write end of the pipe and never writes. When that
# end closes (the harness stops the daemon, exits, crashes or is killed with SIGKILL), `cat` sees
# end of file and the daemon gets SIGTERM. Should this script itself be killed, setpriv's
# PR_SET_PDEATHSIG sends the daemon SIGTERM (this shell is single-threaded, so the "parent thread"
# that pdeathsig watches is the whole process, unlike a .NET parent whose forking thread may end).
libvirtd=$1
folder=$2
# LIBVIRT_DRIVER_DIR names an empty folder: no hypervisor driver is loaded (the QEMU driver would
# want a libvirt-qemu user), while test:///default, built into libvirt.so.0, still serves.
LIBVIRT_DRIVER_DIR="$folder/drivers" setpriv --pdeathsig TERM "$libvirtd" -f "$folder/libvirtd.conf" -p "$folder/libvirtd.pid" \
    </dev/null >"$folder/libvirtd.out" 2>&1 &
daemon=$!
echo "$daemon"
cat >/dev/null
kill -TERM "$daemon" 2>/dev/null
wait "$daemon"
# The folder goes with the daemon, also when the harness died without cleaning up.
rm -rf "$folder"
