/* Return point of an OPAL call, assembled big-endian: OPAL returns in
 * big-endian mode; switch back to little-endian and continue right after
 * these bytes. r3 (the result) is preserved. */
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
