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
	mtspr	26, 12		/* SRR0 */
	mtspr	27, 11		/* SRR1 */
	rfid		/* not hrfid: QEMU 7.2 aborts on hrfid under -icount */
2:
