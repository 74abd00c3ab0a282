/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arm64 world switch, for a VHE host: the host kernel runs at EL2 with
 * HCR_EL2.{E2H,TGE} = {1,1}, the guest at EL1/EL0 is entered with eret and
 * comes back through a private vector table that is in VBAR_EL2 only while
 * the guest runs.  Called with every DAIF bit set; host interrupts that
 * arrive while the guest runs exit to here and are taken by the host once
 * its vectors are back and the caller unmasks them.
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/fpsimdmacros.h>

#include "axvcpu-asm-offsets.h"

#define GUEST(n)	(AXV_GUEST_X + (n) * 8)

/*
 * The frame axvcpu_arm64_switch leaves on the host stack.  SP_EL2 keeps its
 * value across the guest's run, so the exit path finds the context through
 * it; sp does not move inside either window where our vectors are live.
 */
#define FRAME_REGS	16		/* x18-x28, after the frame record */
#define FRAME_CTX	104
#define FRAME_SCRATCH	112		/* the guest's x0 and x1 on exit */
#define FRAME_SIZE	128

/* Fields moved together with one ldp or stp must stay neighbours. */
	.macro	axv_pair, first, second
	.if	(\second) != (\first) + 8
	.error	"switch.S pairs \first with \second: keep them adjacent"
	.endif
	.endm

	axv_pair	GUEST(30), AXV_GUEST_SP_EL0
	axv_pair	AXV_GUEST_PC, AXV_GUEST_PSTATE
	axv_pair	AXV_GUEST_HCR, AXV_GUEST_CPTR
	axv_pair	AXV_HOST_SP_EL0, AXV_HOST_HCR
	axv_pair	AXV_HOST_VBAR, AXV_HOST_CPTR
	axv_pair	AXV_EXIT_TYPE, AXV_EXIT_ESR
	axv_pair	AXV_EXIT_FAR, AXV_EXIT_HPFAR

	.text

/* void axvcpu_arm64_switch(struct axvcpu_arm64_ctx *ctx) */
SYM_FUNC_START(axvcpu_arm64_switch)
	stp	x29, x30, [sp, #-FRAME_SIZE]!
	mov	x29, sp
	stp	x18, x19, [sp, #FRAME_REGS]
	stp	x20, x21, [sp, #FRAME_REGS + 16]
	stp	x22, x23, [sp, #FRAME_REGS + 32]
	stp	x24, x25, [sp, #FRAME_REGS + 48]
	stp	x26, x27, [sp, #FRAME_REGS + 64]
	str	x28, [sp, #FRAME_REGS + 80]
	str	x0, [sp, #FRAME_CTX]

	/* CPACR_EL1 is CPTR_EL2 under E2H; MDSCR_EL1 is shared with the host. */
	mrs	x1, sp_el0
	mrs	x2, hcr_el2
	mrs	x3, vbar_el2
	mrs	x4, cpacr_el1
	mrs	x5, mdscr_el1
	stp	x1, x2, [x0, #AXV_HOST_SP_EL0]	/* and AXV_HOST_HCR */
	stp	x3, x4, [x0, #AXV_HOST_VBAR]	/* and AXV_HOST_CPTR */
	str	x5, [x0, #AXV_HOST_MDSCR]

	ldp	x2, x4, [x0, #AXV_GUEST_HCR]	/* and AXV_GUEST_CPTR */
	ldr	x5, [x0, #AXV_GUEST_MDSCR]
	adr_l	x3, axvcpu_arm64_vectors
	msr	vbar_el2, x3
	msr	hcr_el2, x2
	msr	cpacr_el1, x4
	msr	mdscr_el1, x5

	ldp	x30, x1, [x0, #GUEST(30)]	/* and AXV_GUEST_SP_EL0 */
	ldp	x2, x3, [x0, #AXV_GUEST_PC]	/* and AXV_GUEST_PSTATE */
	msr	sp_el0, x1
	msr	elr_el2, x2
	msr	spsr_el2, x3

	/* Guest GPRs, x0 (the base) last.  eret synchronises the writes above. */
	ldp	x2, x3, [x0, #GUEST(2)]
	ldp	x4, x5, [x0, #GUEST(4)]
	ldp	x6, x7, [x0, #GUEST(6)]
	ldp	x8, x9, [x0, #GUEST(8)]
	ldp	x10, x11, [x0, #GUEST(10)]
	ldp	x12, x13, [x0, #GUEST(12)]
	ldp	x14, x15, [x0, #GUEST(14)]
	ldp	x16, x17, [x0, #GUEST(16)]
	ldp	x18, x19, [x0, #GUEST(18)]
	ldp	x20, x21, [x0, #GUEST(20)]
	ldp	x22, x23, [x0, #GUEST(22)]
	ldp	x24, x25, [x0, #GUEST(24)]
	ldp	x26, x27, [x0, #GUEST(26)]
	ldp	x28, x29, [x0, #GUEST(28)]
	ldp	x0, x1, [x0, #GUEST(0)]
	eret
	sb
SYM_FUNC_END(axvcpu_arm64_switch)

SYM_CODE_START_LOCAL(axv_guest_exit)
	/* x1: AXV_EXIT_*; the guest's x0 and x1 are in the frame. */
	ldr	x0, [sp, #FRAME_CTX]
	stp	x2, x3, [x0, #GUEST(2)]
	stp	x4, x5, [x0, #GUEST(4)]
	stp	x6, x7, [x0, #GUEST(6)]
	stp	x8, x9, [x0, #GUEST(8)]
	stp	x10, x11, [x0, #GUEST(10)]
	stp	x12, x13, [x0, #GUEST(12)]
	stp	x14, x15, [x0, #GUEST(14)]
	stp	x16, x17, [x0, #GUEST(16)]
	stp	x18, x19, [x0, #GUEST(18)]
	stp	x20, x21, [x0, #GUEST(20)]
	stp	x22, x23, [x0, #GUEST(22)]
	stp	x24, x25, [x0, #GUEST(24)]
	stp	x26, x27, [x0, #GUEST(26)]
	stp	x28, x29, [x0, #GUEST(28)]
	ldp	x2, x3, [sp, #FRAME_SCRATCH]
	stp	x2, x3, [x0, #GUEST(0)]

	mrs	x2, sp_el0
	mrs	x3, elr_el2
	mrs	x4, spsr_el2
	stp	x30, x2, [x0, #GUEST(30)]	/* and AXV_GUEST_SP_EL0 */
	stp	x3, x4, [x0, #AXV_GUEST_PC]	/* and AXV_GUEST_PSTATE */

	mrs	x2, esr_el2
	mrs	x3, far_el2
	mrs	x4, hpfar_el2
	cmp	x1, #AXV_VEC_SYNC		/* only these have a syndrome */
	b.ne	1f
	/*
	 * HPFAR_EL2 is not valid for a stage-2 permission fault (a write to
	 * read-only memory, a fetch from a page mapped for data) unless it
	 * happened on a stage-1 walk: find the IPA with the guest's own
	 * stage 1, which is still live (TGE is clear), keeping the guest's
	 * PAR_EL1.  If that fails, the guest's tables changed under us and it
	 * simply retries.  The fault status first: it rules out the most
	 * exits (an HVC's immediate may look like one, the class decides).
	 */
	and	x5, x2, #ESR_ELx_FSC_TYPE
	cmp	x5, #ESR_ELx_FSC_PERM
	b.ne	1f
	ubfx	x5, x2, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	cmp	x5, #ESR_ELx_EC_DABT_LOW
	b.eq	2f
	cmp	x5, #ESR_ELx_EC_IABT_LOW
	b.ne	1f
2:	tbnz	x2, #ESR_ELx_S1PTW_SHIFT, 1f
	mrs	x6, par_el1
	at	s1e1r, x3
	isb
	mrs	x7, par_el1
	msr	par_el1, x6
	mov	x4, #-1				/* AXV_HPFAR_INVALID */
	tbnz	x7, #0, 1f			/* PAR_EL1.F */
	ubfx	x7, x7, #12, #40		/* PA[51:12] ... */
	lsl	x4, x7, #4			/* ... as HPFAR_EL2.FIPA */
1:	stp	x1, x2, [x0, #AXV_EXIT_TYPE]	/* and AXV_EXIT_ESR */
	stp	x3, x4, [x0, #AXV_EXIT_FAR]	/* and AXV_EXIT_HPFAR */

	/* "current" first, then the host's EL2 controls and vectors. */
	ldp	x1, x2, [x0, #AXV_HOST_SP_EL0]	/* and AXV_HOST_HCR */
	ldp	x3, x4, [x0, #AXV_HOST_VBAR]	/* and AXV_HOST_CPTR */
	ldr	x5, [x0, #AXV_HOST_MDSCR]
	msr	sp_el0, x1
	msr	hcr_el2, x2
	msr	cpacr_el1, x4
	msr	mdscr_el1, x5
	msr	vbar_el2, x3
	isb

	ldp	x18, x19, [sp, #FRAME_REGS]
	ldp	x20, x21, [sp, #FRAME_REGS + 16]
	ldp	x22, x23, [sp, #FRAME_REGS + 32]
	ldp	x24, x25, [sp, #FRAME_REGS + 48]
	ldp	x26, x27, [sp, #FRAME_REGS + 64]
	ldr	x28, [sp, #FRAME_REGS + 80]
	ldp	x29, x30, [sp], #FRAME_SIZE
	ret
SYM_CODE_END(axv_guest_exit)

/*
 * An exception taken from EL2 itself while our vectors are installed can
 * only be a bug in the few instructions around eret.  Put the host's state
 * back (sp is still our frame) and panic with the syndrome.
 */
SYM_CODE_START_LOCAL(axv_el2_bad)
	ldr	x0, [sp, #FRAME_CTX]
	ldr	x1, [x0, #AXV_HOST_SP_EL0]
	ldr	x2, [x0, #AXV_HOST_HCR]
	ldr	x3, [x0, #AXV_HOST_VBAR]
	ldr	x4, [x0, #AXV_HOST_CPTR]
	msr	sp_el0, x1
	msr	hcr_el2, x2
	msr	cpacr_el1, x4
	msr	vbar_el2, x3
	isb
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	mrs	x3, spsr_el2
	bl	axvcpu_arm64_hyp_panic
SYM_CODE_END(axv_el2_bad)

	.macro	axv_vector_exit, type
	.balign	0x80
	stp	x0, x1, [sp, #FRAME_SCRATCH]
	mov	x1, #\type
	b	axv_guest_exit
	.endm

	.macro	axv_vector_bad
	.balign	0x80
	b	axv_el2_bad
	.endm

/* Entries from a lower EL: AArch64 (the guest's EL1/EL0) or AArch32 EL0. */
	.balign	0x800
SYM_CODE_START_LOCAL_NOALIGN(axvcpu_arm64_vectors)
	axv_vector_bad				/* current EL, SP_EL0 */
	axv_vector_bad
	axv_vector_bad
	axv_vector_bad
	axv_vector_bad				/* current EL, SP_ELx */
	axv_vector_bad
	axv_vector_bad
	axv_vector_bad
	axv_vector_exit	AXV_VEC_SYNC		/* lower EL, AArch64 */
	axv_vector_exit	AXV_VEC_IRQ
	axv_vector_exit	AXV_VEC_FIQ
	axv_vector_exit	AXV_VEC_SERROR
	axv_vector_exit	AXV_VEC_SYNC		/* lower EL, AArch32 */
	axv_vector_exit	AXV_VEC_IRQ
	axv_vector_exit	AXV_VEC_FIQ
	axv_vector_exit	AXV_VEC_SERROR
SYM_CODE_END(axvcpu_arm64_vectors)

/*
 * void axvcpu_arm64_fp_save(struct user_fpsimd_state *fp)
 * void axvcpu_arm64_fp_restore(const struct user_fpsimd_state *fp)
 *
 * Only between kernel_neon_begin() and kernel_neon_end(), with the host's
 * CPTR_EL2 (FP not trapped) in place.
 */
SYM_FUNC_START(axvcpu_arm64_fp_save)
	fpsimd_save x0, 1
	ret
SYM_FUNC_END(axvcpu_arm64_fp_save)

SYM_FUNC_START(axvcpu_arm64_fp_restore)
	fpsimd_restore x0, 1
	ret
SYM_FUNC_END(axvcpu_arm64_fp_restore)
