/*
 * nwcrypt.h - NetWare 3.x's password hashing, as its keyed (encrypted)
 * login uses it: one pure C source for the kernel's NCP client and for
 * ncpserv, so that both sides compute the same bytes.
 *
 * The login, as NetWare 3.x clients make it (fields in ncpwire.h):
 *   1. 0x17/0x35 Get Bindery Object ID gives the user's 4-byte object ID;
 *   2. 0x17/0x17 Get Login Key gives an 8-byte key, new for each attempt;
 *   3. the client hashes the password with the object ID into 16 bytes
 *      (NwHashPassword: what the bindery stores instead of the password),
 *      encrypts that hash with the key into 8 bytes (NwEncryptHash), and
 *      sends them in 0x17/0x18 Keyed Object Login; the server does the
 *      same with its stored hash and compares.
 * The password never crosses the wire, and a captured answer is worth
 * nothing for another key.
 *
 * Interface:
 *   NwShuffle         the one primitive: 4 bytes and any data -> 16 bytes
 *   NwHashPassword    object ID and password -> the bindery's 16 bytes;
 *                     the password is upper-cased first, as LOGIN.EXE does
 *   NwEncryptHash     login key and hash -> the 8 bytes 0x17/0x18 carries
 * Nothing allocates and nothing keeps state.
 */
#ifndef NWCRYPT_H
#define NWCRYPT_H

#include "ntdef.h"

#define NW_ID_LENGTH        4       /* an object ID, big-endian as on the wire */
#define NW_KEY_LENGTH       8       /* 0x17/0x17's login key */
#define NW_HASH_LENGTH      16
#define NW_RESPONSE_LENGTH  8
#define NW_MAX_PASSWORD     127     /* NetWare's longest bindery password */

VOID NwShuffle(const UCHAR Id[NW_ID_LENGTH], const UCHAR *Data, ULONG Length,
               UCHAR Out[NW_HASH_LENGTH]);
NTSTATUS NwHashPassword(ULONG ObjectId, PCSTR Password, UCHAR Hash[NW_HASH_LENGTH]);
VOID NwEncryptHash(const UCHAR Key[NW_KEY_LENGTH], const UCHAR Hash[NW_HASH_LENGTH],
                   UCHAR Response[NW_RESPONSE_LENGTH]);

#endif
