/* Return point of an OPAL call, assembled big-endian: OPAL returns in
 * big-endian mode; switch back to little-endian and continue right after
 * these bytes. r3 (the result) is preserved. */
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
