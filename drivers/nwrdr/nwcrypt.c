/*
 * nwcrypt.c - NetWare 3.x's password hashing (interface in nwcrypt.h).
 *
 * The algorithm was published by Barry Nance (Byte, March 1993) and Pawel
 * Szczerbina (Dr. Dobb's Journal, November 1993). Written here from that
 * description; the two tables are NetWare's data.
 *
 * NwShuffle(Id, Data) -> 16 bytes:
 *   - trailing zero bytes of Data do not count;
 *   - a 32-byte work area starts at zero; every whole 32-byte block of Data
 *     is XORed into it; a shorter rest of R bytes is XORed in as a cycle
 *     over all 32 places, where every (R+1)th place takes the mixing
 *     constant of that place instead of a data byte;
 *   - place i is XORed with Id[i mod 4];
 *   - two stirring passes over the 32 places carry an 8-bit running sum S:
 *     new[i] = (w[i] + S) XOR (w[(i + S) mod 32] - Mix[i]), then S += new[i];
 *   - byte i of the result has the nibble of w[2i] low, of w[2i+1] high.
 * NwEncryptHash(Key, Hash) -> 8 bytes: A = NwShuffle(Key[0..3], Hash),
 * B = NwShuffle(Key[4..7], Hash), C[i] = A[i] XOR B[15-i], and the answer
 * is C[i] XOR C[15-i] for i = 0..7.
 *
 * The unit tests (tests/unit/test_nwcrypt.c) hold known answers checked
 * against an independent implementation.
 */
#include <ctype.h>
#include <string.h>

#include "drivers/nwrdr/nwcrypt.h"

#define NWP_WORK 32

/* The 32 mixing constants. */
static const UCHAR NwpMix[NWP_WORK] = {
    0x48, 0x93, 0x46, 0x67, 0x98, 0x3D, 0xE6, 0x8D,
    0xB7, 0x10, 0x7A, 0x26, 0x5A, 0xB9, 0xB1, 0x35,
    0x6B, 0x0F, 0xD5, 0x70, 0xAE, 0xFB, 0xAD, 0x11,
    0xF4, 0x47, 0xDC, 0xA7, 0xEC, 0xCF, 0x50, 0xC0,
};

/* The 256-entry nibble table, two entries a byte: entry 2k is the high
   half of byte k, entry 2k + 1 its low half. */
static const UCHAR NwpNibbles[128] = {
    0x78, 0x08, 0x64, 0xE4, 0x5C, 0x17, 0xBF, 0xA8,
    0xF8, 0xCC, 0x94, 0x1E, 0x46, 0x24, 0x0A, 0xB9,
    0x2F, 0xB1, 0xD2, 0x19, 0x5E, 0x70, 0x02, 0x66,
    0x07, 0x38, 0x29, 0x3F, 0x7F, 0xCF, 0x64, 0xA0,
    0x23, 0xAB, 0xD8, 0x3A, 0x17, 0xCF, 0x18, 0x9D,
    0x91, 0x94, 0xE4, 0xC5, 0x5C, 0x8B, 0x23, 0x9E,
    0x77, 0x69, 0xEF, 0xC8, 0xD1, 0xA6, 0xED, 0x07,
    0x7A, 0x01, 0xF5, 0x4B, 0x7B, 0xEC, 0x95, 0xD1,
    0xBD, 0x13, 0x5D, 0xE6, 0x30, 0xBB, 0xF3, 0x64,
    0x9D, 0xA3, 0x14, 0x94, 0x83, 0xBE, 0x50, 0x52,
    0xCB, 0xD5, 0xD5, 0xD2, 0xD9, 0xAC, 0xA0, 0xB3,
    0x53, 0x69, 0x51, 0xEE, 0x0E, 0x82, 0xD2, 0x20,
    0x4F, 0x85, 0x96, 0x86, 0xBA, 0xBF, 0x07, 0x28,
    0xC7, 0x3A, 0x14, 0x25, 0xF7, 0xAC, 0xE5, 0x93,
    0xE7, 0x12, 0xE1, 0xF4, 0xA6, 0xC6, 0xF4, 0x30,
    0xC0, 0x36, 0xF8, 0x7B, 0x2D, 0xC6, 0xAA, 0x8D,
};

static UCHAR NwpNibble(UCHAR Index)
{
    UCHAR Pair = NwpNibbles[Index >> 1];

    return (Index & 1) ? (Pair & 0x0F) : (Pair >> 4);
}

/* Data into the work area: whole blocks, then the rest as a cycle. */
static VOID NwpFold(const UCHAR *Data, ULONG Length, UCHAR Work[NWP_WORK])
{
    ULONG Place, Cycle = 0;

    memset(Work, 0, NWP_WORK);
    while (Length > 0 && Data[Length - 1] == 0)
        Length--;
    for (; Length >= NWP_WORK; Data += NWP_WORK, Length -= NWP_WORK)
        for (Place = 0; Place < NWP_WORK; Place++)
            Work[Place] ^= Data[Place];
    if (Length == 0)
        return;
    for (Place = 0; Place < NWP_WORK; Place++) {
        if (Cycle == Length) {
            Work[Place] ^= NwpMix[Place];
            Cycle = 0;
        } else {
            Work[Place] ^= Data[Cycle++];
        }
    }
}

/* Two passes with the running sum, then 32 bytes to 16 through the nibbles. */
static VOID NwpStir(UCHAR Work[NWP_WORK], UCHAR Out[NW_HASH_LENGTH])
{
    UCHAR Sum = 0, Value;
    ULONG Pass, Place;

    for (Pass = 0; Pass < 2; Pass++) {
        for (Place = 0; Place < NWP_WORK; Place++) {
            Value = (UCHAR)((UCHAR)(Work[Place] + Sum) ^
                            (UCHAR)(Work[(Place + Sum) % NWP_WORK] - NwpMix[Place]));
            Sum = (UCHAR)(Sum + Value);
            Work[Place] = Value;
        }
    }
    for (Place = 0; Place < NW_HASH_LENGTH; Place++)
        Out[Place] = (UCHAR)(NwpNibble(Work[2 * Place]) |
                             NwpNibble(Work[2 * Place + 1]) << 4);
}

VOID NwShuffle(const UCHAR Id[NW_ID_LENGTH], const UCHAR *Data, ULONG Length,
               UCHAR Out[NW_HASH_LENGTH])
{
    UCHAR Work[NWP_WORK];
    ULONG Place;

    NwpFold(Data, Length, Work);
    for (Place = 0; Place < NWP_WORK; Place++)
        Work[Place] ^= Id[Place % NW_ID_LENGTH];
    NwpStir(Work, Out);
}

/*
 * The bindery's form of a password: upper case (NetWare's clients send
 * passwords upper-cased, so the hash is of that), shuffled with the object
 * ID's wire bytes. STATUS_INVALID_PARAMETER past NW_MAX_PASSWORD.
 */
NTSTATUS NwHashPassword(ULONG ObjectId, PCSTR Password, UCHAR Hash[NW_HASH_LENGTH])
{
    UCHAR Id[NW_ID_LENGTH] = { (UCHAR)(ObjectId >> 24), (UCHAR)(ObjectId >> 16),
                               (UCHAR)(ObjectId >> 8), (UCHAR)ObjectId };
    UCHAR Upper[NW_MAX_PASSWORD];
    ULONG Length = 0;

    for (; Password[Length] != '\0'; Length++) {
        if (Length == NW_MAX_PASSWORD)
            return STATUS_INVALID_PARAMETER;
        Upper[Length] = (UCHAR)toupper((unsigned char)Password[Length]);
    }
    NwShuffle(Id, Upper, Length, Hash);
    return STATUS_SUCCESS;
}

VOID NwEncryptHash(const UCHAR Key[NW_KEY_LENGTH], const UCHAR Hash[NW_HASH_LENGTH],
                   UCHAR Response[NW_RESPONSE_LENGTH])
{
    UCHAR First[NW_HASH_LENGTH], Second[NW_HASH_LENGTH];
    ULONG Place;

    NwShuffle(Key, Hash, NW_HASH_LENGTH, First);
    NwShuffle(Key + NW_ID_LENGTH, Hash, NW_HASH_LENGTH, Second);
    for (Place = 0; Place < NW_HASH_LENGTH; Place++)
        First[Place] ^= Second[NW_HASH_LENGTH - 1 - Place];
    for (Place = 0; Place < NW_RESPONSE_LENGTH; Place++)
        Response[Place] = First[Place] ^ First[NW_HASH_LENGTH - 1 - Place];
}
