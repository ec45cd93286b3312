/* The first instructions at 0x10, assembled big-endian: firmware (skiboot or
 * QEMU's -bios reset) enters in big-endian hypervisor mode. Set MSR[LE] and
 * continue at the little-endian code that follows these bytes in the
 * image. Only r11, r12 and LR are used (r3 carries the FDT). */
	.text
	mfmsr	11
	ori	11, 11, 1	/* MSR[LE] */
	bl	1f
1:	mflr	12
	addi	12, 12, 2f - 1b
	mtspr	314, 12		/* HSRR0 */
	mtspr	315, 11		/* HSRR1 */
	hrfid
2:
