/*
 * fuzz.h - what every libFuzzer target in tests/fuzz shares: a property
 * check that stops the run loudly (libFuzzer keeps the input that did it
 * as a reproducer), and the entry point each target defines.
 *
 * Targets (tests/fuzz/fuzz.mk builds them with clang, libFuzzer, ASan and
 * UBSan): fuzz_ipxwire, fuzz_ncpwire, fuzz_ncpserv, fuzz_bootargs,
 * fuzz_lineedit, fuzz_nwrdr, fuzz_smbwire. Each says at its top what an
 * input is and which properties it checks.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__,      \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

#endif
