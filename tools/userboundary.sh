#!/bin/sh
# userboundary.sh OBJDIR LIBC - the user/ boundary (README.md, Layout): every
# symbol the objects under OBJDIR/user take from outside user/ must be a
# native call (Nt*, Rtl*) or defined by newlib's C library LIBC. Prints
# each other symbol with the object that wants it; exits 1 if there is one.
set -e
objs=$(find "$1/user" -name '*.o' | sort)
[ -n "$objs" ] || { echo "userboundary: no objects under $1/user" >&2; exit 1; }
libc=$(nm --defined-only -g "$2" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
own=$(nm --defined-only -g $objs | awk 'NF == 3 { print $3 }' | sort -u)
bad=0
for o in $objs; do
    for s in $(nm -u "$o" | awk '{ print $2 }'); do
        case "$s" in Nt*|Rtl*|_GLOBAL_OFFSET_TABLE_) continue ;; esac
        if echo "$own" | grep -qx "$s" || echo "$libc" | grep -qx "$s"; then continue; fi
        echo "userboundary: $o uses $s"
        bad=1
    done
done
exit $bad
