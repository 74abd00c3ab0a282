// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO instruction decoder of arch/riscv, run in userspace on every
 * encoding it must handle.  QEMU 7.2 leaves htinst at 0, so the
 * transformed-instruction path is exercised here and nowhere else.
 */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#ifndef __always_inline		/* glibc's <sys/cdefs.h> has one */
#define __always_inline inline __attribute__((__always_inline__))
#endif

#include "../../arch/riscv/insn_decode.h"

static u32 load32(u32 funct3, u32 rd, u32 rs1, u32 imm)
{
	return (imm << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x03;
}

static u32 store32(u32 funct3, u32 rs2, u32 rs1, u32 imm)
{
	return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) |
	       (funct3 << 12) | ((imm & 0x1f) << 7) | 0x23;
}

/* C.LW/C.LD/C.SW/C.SD: rd' or rs2' in 4:2, rs1' in 9:7 (x8-x15). */
static u16 cmem(u32 funct3, u32 reg, u32 rs1)
{
	return (funct3 << 13) | ((rs1 - 8) << 7) | ((reg - 8) << 2);
}

/* C.LWSP/C.LDSP: rd in 11:7; C.SWSP/C.SDSP: rs2 in 6:2. */
static u16 csp_load(u32 funct3, u32 rd)
{
	return (funct3 << 13) | (rd << 7) | 2;
}

static u16 csp_store(u32 funct3, u32 rs2)
{
	return (funct3 << 13) | (rs2 << 2) | 2;
}

/*
 * htinst for an access by @insn32 (built with offset 0): rs1 replaced by
 * the address offset (0 here), bit 1 clear if the original was compressed.
 */
static unsigned long transformed(u32 insn32, bool was_compressed)
{
	insn32 &= ~(0x1fU << 15);
	return was_compressed ? insn32 & ~2U : insn32;
}

#define CHECK(insn_, htinst_, store_, sign_, len_, reg_, ilen_)		\
do {									\
	struct axv_mmio_insn d = { 0 };					\
									\
	ASSERT_TRUE(axv_decode_mmio(htinst_, insn_, &d));		\
	EXPECT_EQ(store_, d.store);					\
	EXPECT_EQ(sign_, d.sign);					\
	EXPECT_EQ(len_, d.len);						\
	EXPECT_EQ(reg_, d.reg);						\
	EXPECT_EQ(ilen_, d.insn_len);					\
} while (0)

#define REJECT(insn_, htinst_)						\
do {									\
	struct axv_mmio_insn d = { 0 };					\
									\
	EXPECT_FALSE(axv_decode_mmio(htinst_, insn_, &d));		\
} while (0)

TEST(loads_32)
{
	static const struct { u32 funct3; bool sign; int len; } l[] = {
		{ 0, true, 1 }, { 1, true, 2 }, { 2, true, 4 }, { 3, false, 8 },
		{ 4, false, 1 }, { 5, false, 2 }, { 6, false, 4 },
	};
	unsigned int i, rd;

	for (i = 0; i < ARRAY_SIZE(l); i++)
		for (rd = 0; rd < 32; rd += 7)
			CHECK(load32(l[i].funct3, rd, 10, 0x7f8), 0, false,
			      l[i].sign, l[i].len, rd, 4);
}

TEST(stores_32)
{
	unsigned int funct3, rs2;

	for (funct3 = 0; funct3 < 4; funct3++)
		for (rs2 = 0; rs2 < 32; rs2 += 5)
			CHECK(store32(funct3, rs2, 11, 0x7ff), 0, true, false,
			      1 << funct3, rs2, 4);
}

TEST(compressed)
{
	CHECK(cmem(2, 9, 8), 0, false, true, 4, 9, 2);		/* c.lw s1 */
	CHECK(cmem(3, 15, 10), 0, false, false, 8, 15, 2);	/* c.ld a5 */
	CHECK(cmem(6, 8, 12), 0, true, false, 4, 8, 2);		/* c.sw s0 */
	CHECK(cmem(7, 14, 9), 0, true, false, 8, 14, 2);	/* c.sd a4 */
	CHECK(csp_load(2, 31), 0, false, true, 4, 31, 2);	/* c.lwsp */
	CHECK(csp_load(3, 1), 0, false, false, 8, 1, 2);	/* c.ldsp */
	CHECK(csp_store(6, 17), 0, true, false, 4, 17, 2);	/* c.swsp */
	CHECK(csp_store(7, 0), 0, true, false, 8, 0, 2);	/* c.sdsp */
}

TEST(transformed_htinst)
{
	/* A 32-bit original: bit 1 set, length 4. */
	CHECK(0, transformed(load32(4, 12, 0, 0), false), false, false, 1,
	      12, 4);
	CHECK(0, transformed(store32(1, 7, 0, 0), false), true, false, 2, 7,
	      4);
	/* A 16-bit original (c.lw s1 -> lw s1): bit 1 clear, length 2. */
	CHECK(0, transformed(load32(2, 9, 0, 0), true), false, true, 4, 9, 2);
	CHECK(0, transformed(store32(3, 13, 0, 0), true), true, false, 8, 13,
	      2);
	/* htinst wins over whatever was read. */
	CHECK(0xffffffff, transformed(load32(3, 5, 0, 0), false), false, false,
	      8, 5, 4);
}

TEST(rejected)
{
	REJECT(load32(7, 1, 2, 0), 0);		/* no such load */
	REJECT(store32(4, 1, 2, 0), 0);		/* no such store */
	REJECT(0x00053507, 0);			/* fld: FP */
	REJECT(0x00a53027, 0);			/* fsd: FP */
	REJECT(0x0005352f, 0);			/* lr.d / amo: atomic */
	REJECT(0x00150513, 0);			/* addi */
	REJECT(cmem(1, 9, 8), 0);		/* c.fld */
	REJECT(cmem(5, 9, 8), 0);		/* c.fsd */
	REJECT(0x0505, 0);			/* c.addi, quadrant 1 */
	REJECT(0, 0x00003000);			/* pseudo: page-table read */
	REJECT(0, 0x00003020);			/* pseudo: page-table write */
}

TEST_HARNESS_MAIN
