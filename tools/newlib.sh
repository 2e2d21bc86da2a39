#!/bin/sh
# newlib.sh OUT - build newlib, the C library of the kernel and of user/,
# from Debian's newlib-source tarball into OUT (build/newlib), once.
#
# No cross toolchain: the host gcc in 32-bit freestanding mode is the target
# compiler. The -U flags stop newlib from believing it is on Linux, where it
# would want 64-bit stdio (__swrite64) that a bare kernel does not provide.
# __DYNAMIC_REENT__ makes the library find each thread's struct _reent by
# calling __getreent(): the kernel answers from the running KTHREAD, a
# process from its thread's TEB (user/ntdll), so every thread, kernel or
# user, keeps its own errno and stdio state.
set -eu
out=$(realpath -m "$1")
tarball=$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "newlib.sh: no tarball in /usr/src/newlib (package newlib-source)" >&2; exit 1; }

rm -rf "$out/src" "$out/obj" "$out/install"
mkdir -p "$out/src" "$out/obj"
tar -xf "$tarball" -C "$out/src" --strip-components=1

cc='gcc -m32 -ffreestanding -fno-pie -fno-stack-protector -U__linux__ -U__gnu_linux__ -Ulinux -U__unix__ -U__unix -Uunix'
cd "$out/obj"
"$out/src/configure" --target=i686-elf --disable-multilib --prefix="$out/install" \
    --disable-newlib-supplied-syscalls \
    CC_FOR_TARGET="$cc" AR_FOR_TARGET=ar RANLIB_FOR_TARGET=ranlib \
    AS_FOR_TARGET='as --32' LD_FOR_TARGET='ld -m elf_i386' \
    CFLAGS_FOR_TARGET='-O2 -g -D__DYNAMIC_REENT__' >"$out/configure.log" 2>&1
make -j"$(nproc)" all-target-newlib >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 1; }
make install-target-newlib >"$out/install.log" 2>&1
test -f "$out/install/i686-elf/lib/libc.a"
echo "newlib: built into $out/install/i686-elf"
