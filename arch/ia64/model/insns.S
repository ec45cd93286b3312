/* Instructions only the host model uses: privileged operations a guest may
 * try that the emulator must refuse or handle (assembled by real gas). */
#include <arch/ia64.h>

	.explicit
	.text
	.global	model_bad_rsm
	.proc	model_bad_rsm
model_bad_rsm:
	rsm	psr.i | psr.ic		/* more than psr.i: refused */
	;;
	srlz.d
	;;
	.endp	model_bad_rsm

	.global	model_bad_break
	.proc	model_bad_break
model_bad_break:
	break.m	0x1		/* not the hypercall immediate */
	;;
	.endp	model_bad_break

	.global	model_stacked_psr
	.proc	model_stacked_psr
model_stacked_psr:
	alloc	r14 = ar.pfs, 2, 0, 0, 0
	;;
	mov	r33 = psr		/* a stacked destination */
	;;
	.endp	model_stacked_psr

	.global	model_mov_cr
	.proc	model_mov_cr
model_mov_cr:
	mov	cr.iva = r9		/* r9 holds an unaligned value */
	;;
	mov	cr.itir = r9		/* not virtualised: refused */
	;;
	mov	r10 = cr.ivr		/* the virtual IVR */
	;;
	srlz.d
	;;
	mov	cr.eoi = r0
	;;
	.endp	model_mov_cr

/* Where a guest's handler finds the interrupted state: cr.iip, cr.ipsr. */
	.global	model_read_iip
	.proc	model_read_iip
model_read_iip:
	mov	r11 = cr.iip
	;;
	mov	r10 = cr.ipsr
	;;
	.endp	model_read_iip

	.global	model_itc
	.proc	model_itc
model_itc:
	itc.d	r9			/* privileged, not emulated */
	;;
	.endp	model_itc
