#!/usr/bin/env bash
# Single-point mutants of common/: each line below breaks one guest-reachable
# rule with one sed edit and names the host test that must then fail. The
# script applies each in turn, rebuilds that test's binary (ASan+UBSan) in
# build/out/mutants, runs it, and restores the file. A mutant is killed when
# its test prints FAIL, or the binary aborts (ASan/UBSan) before its PASS.
#   make -f tests/tests.mk mutants        (slow; not part of make check)
#   tests/mutants.sh [id-pattern]         only the mutants whose id matches
# Exit status: 0 if every mutant applied and was killed.
set -u
cd "$(dirname "$0")/.."
out=build/out/mutants
tmp=$(mktemp -d)
current= # the file under mutation, restored on any exit
restore() {
	if [ -n "$current" ]; then
		cp "$tmp/orig" "$current" # a fresh mtime: make rebuilds it
		current=
	fi
}
trap 'restore; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

only=${1:-}
total=0 killed=0 bad=0
# mutant <id> <file> <sed script> <suite/case> <what the mutant breaks>
mutant() {
	local id=$1 file=$2 script=$3 test=$4 what=$5
	[ -n "$only" ] && [[ $id != *$only* ]] && return
	total=$((total + 1))
	cp "$file" "$tmp/orig"
	current=$file
	sed -e "$script" "$tmp/orig" >"$file"
	local changed
	changed=$(diff "$tmp/orig" "$file" | grep -c '^>')
	if [ "$changed" != 1 ]; then
		restore
		bad=$((bad + 1))
		printf 'NOT-APPLIED %-4s %s (%s lines changed)\n' "$id" "$what" "$changed"
		return
	fi
	local suite=${test%%/*} bin=$out/test_${test%%/*} args=
	local targets=$bin
	if [ "$suite" = config ]; then
		targets="$bin $(ls tests/configs/*.dts | sed "s#tests/configs/\(.*\)\.dts#$out/configs/\1.dtb#")"
		args=$(ls tests/configs/*.dts | sed "s#tests/configs/\(.*\)\.dts#$out/configs/\1.dtb#")
	fi
	if ! make --no-print-directory -s -f tests/tests.mk HOST_OUT=$out $targets \
		>"$tmp/build.log" 2>&1; then
		restore
		bad=$((bad + 1))
		printf 'NO-BUILD    %-4s %s\n' "$id" "$what"
		sed 's/^/    /' "$tmp/build.log" | head -5
		return
	fi
	# shellcheck disable=SC2086
	"$bin" $args >"$tmp/run.log" 2>&1
	local rc=$?
	restore
	# killed: its FAIL line, or a crash (sanitizer abort) before its PASS
	if ! grep -q "^FAIL host/$test:" "$tmp/run.log" &&
		{ [ $rc = 0 ] || grep -qx "PASS host/$test" "$tmp/run.log"; }; then
		printf 'SURVIVED    %-4s %s: %s passes\n' "$id" "$what" "$test"
	else
		killed=$((killed + 1))
		printf 'KILLED      %-4s %s: by %s\n' "$id" "$what" "$test"
	fi
}

E=common/evtchn.c
mutant ev1 $E 's/^\ta->vcpu = c->notify_vcpu;$/\t(void)c;/' \
	evtchn/status_reports_bound_vcpu "EVTCHNOP_status never fills vcpu"
mutant ev2 $E 's/^\t    c->state == ECS_PIRQ) {$/\t    false) {/' \
	evtchn/bind_vcpu_moves_pirq_not_virq "bind_vcpu refuses a PIRQ port"
mutant ev3 $E 's/^\t    c->state == ECS_PIRQ) {$/\t    c->state == ECS_PIRQ || c->state == ECS_VIRQ) {/' \
	evtchn/bind_vcpu_moves_pirq_not_virq "bind_vcpu moves a per-vCPU VIRQ"
mutant ev4 $E 's/^\t\td->pirq_to_port\[c->u.pirq\] = 0;$/\t\t(void)0;/' \
	evtchn/close_pirq_unbinds_irq "close of a PIRQ port keeps pirq_to_port"
mutant ev5 $E '/^long evtchn_unmask/,/^}/s/^\tstruct vcpu \*v = &d->vcpus\[d->evtchn\[port\].notify_vcpu\];$/\tstruct vcpu *v = caller;/' \
	evtchn/unmask_kicks_notified_vcpu "unmask raises the upcall on the caller"
mutant ev6 $E '/^long evtchn_unmask/,/^}/s/^\t\tsched_kick(v);$/\t\t(void)0;/' \
	evtchn/unmask_kicks_notified_vcpu "unmask does not kick the notified vCPU"
mutant ev7 $E 's/^\tclear_bit(port, d->evtchn_pending);$/\tclear_bit(port % 64, d->evtchn_pending);/' \
	evtchn/close_pending_port_above_63_clears_its_own_bit "close clears the bit of port % 64"
mutant ev8 $E 's/^\treturn port < NR_PORTS;$/\treturn port < NR_PORTS - 1;/' \
	evtchn/static_binding_at_port_4095 "port 4095 refused"

I=common/irq.c
mutant ir1 $I 's/irq_descs\[i\].pirq == pirq)/irq_descs[i].pirq >= pirq)/' \
	irq/pirq_ownership_is_per_number "owning pirq N gives pirqs < N"
mutant ir2 $I 's/irq_descs\[i\].pirq == pirq)/irq_descs[i].pirq <= pirq)/' \
	irq/pirq_ownership_is_per_number "owning pirq N gives pirqs > N"
mutant ir3 $I 's/^\t    (desc->status \& (IRQ_GUEST | IRQ_PER_CPU)) == IRQ_GUEST)$/\t    false)/' \
	irq/routing_errors "a per-CPU route replaces a device route"

D=common/domain.c
mutant do1 $D 's/if (id >= MAX_DOMAINS || domains\[id\]/if (id > MAX_DOMAINS || domains[id]/' \
	evtchn/domid_one_past_table_is_esrch "lookup of domid 8 reads past the table"
mutant do2 $D '/^void domain_shutdown/,/^}/s/if (d->state != DOM_RUNNING ||/if (false \&\&/' \
	sched/second_shutdown_keeps_first_reason "a second shutdown overwrites the reason"
mutant do3 $D 's/^\t\tif (arch_guest_va_to_pa(d, va, to_guest, \&pa))$/\t\tif (arch_guest_va_to_pa(d, va, to_guest, \&pa) \&\& 0)/' \
	evtchn/untranslatable_guest_va_is_efault "an untranslatable guest va copies silently"

M=arch/x86/mm.c
mutant mm1 $M 's/if (pg->type != type || pg->type_count == UINT32_MAX)/if (pg->type_count == UINT32_MAX)/' \
	x86_mm/one_type_at_a_time "a frame takes a second type while typed"
mutant mm2 $M 's/if (!pg || owner == FRAME_OWNER_NONE || pg->owner != owner)/if (!pg || owner == FRAME_OWNER_NONE)/' \
	x86_mm/foreign_frame_refused "another domain's frame referenced"
mutant mm3 $M 's/^\t\trc = (v \& PTE_RW) ? get_page_and_type(mfn, PGT_WRITABLE, owner)$/\t\trc = false ? get_page_and_type(mfn, PGT_WRITABLE, owner)/' \
	x86_mm/table_never_mapped_writable "a writable mapping takes no writable type"
mutant mm4 $M 's/if ((v \& PTE_RSVD) || (level > 1 \&\& (v \& PTE_PSE)))/if (v \& PTE_RSVD)/' \
	x86_mm/superpage_refused "a PSE entry accepted in L2-L4"
mutant mm5 $M 's/^\t\t\tdevalidate(mfn, level, i);$/\t\t\t(void)0;/' \
	x86_mm/failed_validation_changes_nothing "a failed validation keeps its references"
mutant mm6 $M 's/^\t\t\tdevalidate(mfn, table_level(pg->type), 512);$/\t\t\t(void)0;/' \
	x86_mm/devalidation_drops_references "a table at type count 0 keeps its references"
mutant mm7 $M 's/^\treturn (e \& PTE_P) ? e | PTE_US : e;$/\treturn e;/' \
	x86_mm/user_bit_forced "the user bit not forced on a present entry"
mutant mm8 $M 's/slot >= HV_SLOT_FIRST \&\& slot <= HV_SLOT_LAST;$/slot > 511;/' \
	x86_mm/hv_slots_copied "a guest L4 entry used in larch's slots"
mutant mm9 $M 's/if (!pg || level < 1 || level > 4 || (pg->flags \& PGF_PINNED))/if (!pg || level < 1 || level > 4)/' \
	x86_mm/double_pin_refused "a table pinned twice"
mutant mm10 $M 's/^\tif (!pg || !(pg->flags \& PGF_PINNED) ||$/\tif (!pg ||/' \
	x86_mm/unpin_needs_pin_and_level "unpin of a table never pinned"
mutant mm11 $M 's/^\tpg->type_count = 1;$/\tpg->type_count = 0;/' \
	x86_mm/self_reference_refused "a table under validation references itself"
mutant mm12 $M 's/^\tif (!(v \& PTE_P))$/\tif (false)/' \
	x86_mm/not_present_takes_nothing "a not-present entry takes references"

V=arch/x86/pv/mm.c
mutant pv1 $V 's/^\tif (level == 4 \&\& slot >= HV_SLOT_FIRST \&\& slot <= HV_SLOT_LAST)$/\tif (false)/' \
	x86_pv_mm/hv_slot_update_refused "mmu_update writes larch's L4 slots"
mutant pv2 $V 's/^\treturn dom == DOMID_SELF || dom == m->domid;$/\treturn dom == DOMID_SELF || dom != m->domid;/' \
	x86_pv_mm/foreign_domid_refused "a foreign domid accepted"
mutant pv3 $V 's/^\tput_entry(old, level, slot);$/\t(void)old;/' \
	x86_pv_mm/table_update_drops_old "an overwritten entry keeps its references"
mutant pv4 $V 's/^\t\tval = (val \& ~(PTE_A | PTE_D)) | (old \& (PTE_A | PTE_D));$/\t\t(void)0;/' \
	x86_pv_mm/preserve_ad_keeps_bits "PRESERVE_AD drops the old A and D bits"
mutant pv5 $V 's/if (ents > LDT_MAX_ENTS ||/if (ents > LDT_MAX_ENTS + 1 ||/' \
	x86_pv_mm/set_ldt_bounds "an LDT of 8193 entries accepted"
mutant pv6 $V 's/^\treturn va >= HV_VA_END;$/\treturn true;/' \
	x86_pv_mm/update_va_mapping_refusals "update_va_mapping of a hypervisor address"
mutant pv7 $V 's/^\t    pfn != mfn - m->first_mfn)$/\t    pfn == ~pfn)/' \
	x86_pv_mm/machphys_identity_only "an M2P update that changes the p2m accepted"
mutant pv8 $V '/^static long set_baseptr/,/^}/s/^\tif (\*slot)$/\tif (false)/' \
	x86_pv_mm/new_baseptr_takes_and_drops "the old baseptr keeps its typed reference"
mutant pv9 $V '/^long pv_mmu_update/,/^}/s/^\t\tuint32_t n = (uint32_t)i;$/\t\tuint32_t n = (uint32_t)count;/' \
	x86_pv_mm/done_counts_up_to_failure "mmu_update reports all requests done"
mutant pv10 $V 's/^\t    read_mask(m, where, \&mask))$/\t    false)/' \
	x86_pv_mm/update_va_mapping_refusals "an unreadable vCPU mask ignored"
mutant pv11 $V '/^long pv_update_va_mapping/,/^}/s/^\tif (type == UVMF_FLUSHTYPE_MASK || !pv_va_ok(va, 1))$/\tif (!pv_va_ok(va, 1))/' \
	x86_pv_mm/update_va_mapping_refusals "flush type 3 accepted"

mutant mm13 $M 's/^\tif (type != PGT_WRITABLE \&\& (pg->flags \& PGF_STALE_WRITABLE)) {$/\tif (false) {/' \
	x86_mm/stale_writable_flushed_before_table "a once-writable frame becomes a table with no TLB flush"

R=arch/x86/pv/ro_page_fault.c
mutant pt1 $R 's/^\tif (in.size == 4 || (in.size == 8 \&\& shift)) {$/\tif (in.size == 4) {/' \
	x86_pv_mm/ptwr_other_forms_unhandled "a misaligned 8-byte store into a page table emulated"
mutant pt2 $R 's/^\t\tlong rc = pv_pt_write(m, entry_maddr \& ~7ull, next);$/\t\tlong rc = ((void)m, frame_table.map(entry_maddr >> 12)[(entry_maddr \& 0xfff) >> 3] = next, 0);/' \
	x86_pv_mm/ptwr_bad_entries_refused "an emulated store written unvalidated"
mutant pt3 $R 's/^\t\twrite = (r->rax \& mask) == old;$/\t\twrite = true;/' \
	x86_pv_mm/ptwr_cmpxchg_both_outcomes "cmpxchg writes when the entry differs"
mutant pt4 $R 's/^\t\tif (mod == 0 \&\& (sib \& 7) == 5)$/\t\tif (sib \& 0)/' \
	x86_pv_mm/ptwr_instruction_lengths "SIB with no base: its displacement not skipped"
mutant pt5 $R 's/^\tin->reg = r | ((rex \& 4) ? 8 : 0);$/\tin->reg = r;/' \
	x86_pv_mm/ptwr_instruction_lengths "REX.R ignored: r8 read as rax"
mutant pt6 $R 's/^\t\tval = old \& src;$/\t\tval = src;/' \
	x86_pv_mm/ptwr_and_or_forms "and writes its operand, not the old entry anded with it"

U=common/multicall.c
mutant mc1 $U 's/^\t\tif (e.op == __HYPERVISOR_multicall) {$/\t\tif (false) {/' \
	hypercall/multicall_results_per_entry "a multicall inside a multicall"
mutant mc2 $U 's/^\tif (nr > MULTICALL_MAX_ENTRIES)$/\tif (false)/' \
	hypercall/multicall_bad_list_refused "an unbounded batch"

S=common/sched.c
mutant sc1 $S 's/domain_shutdown(v->domain, sd.reason);/domain_shutdown(v->domain, SHUTDOWN_poweroff);/' \
	sched/shutdown_crash_records_reason "SCHEDOP_shutdown(crash) recorded as poweroff"
mutant sc2 $S 's/if (sd.reason > SHUTDOWN_crash)/if (sd.reason >= SHUTDOWN_crash)/' \
	sched/shutdown_crash_records_reason "SCHEDOP_shutdown(crash) refused"
mutant sc3 $S 's/sp.nr_ports > ARRAY_SIZE(v->poll_buf)/sp.nr_ports >= ARRAY_SIZE(v->poll_buf)/' \
	sched/poll_accepts_max_ports "poll of the maximum 8 ports refused"
mutant sc4 $S '/^void sched_remove_vcpu/,/^}/s/^\ttimer_stop(&v->singleshot);$/\t(void)0;/' \
	sched/downed_vcpu_timer_stops "a downed vCPU's timer still fires"
mutant sc5 $S 's/} else if (at_head) {/} else if (at_head || true) {/' \
	sched/three_vcpus_queue_order "run queue is LIFO, not FIFO"
mutant sc6 $S 's/runq_insert(p, v, true);/runq_insert(p, v, false);/' \
	sched/three_vcpus_queue_order "a woken vCPU queues at the tail"
mutant sc7 $S 's/^\t\t\tnext->wake_preempt = false;$/\t\t\t(void)0;/' \
	sched/three_vcpus_queue_order "the preempt flag survives the switch"

H=common/hypercall.c
mutant hc1 $H 's/if (count > CONSOLE_MAX)/if (count >= CONSOLE_MAX)/' \
	hypercall/console_write_4096_edge "console write of 4096 bytes refused"
mutant hc2 $H 's/if (count > CONSOLE_MAX)/if (count > CONSOLE_MAX + 1)/' \
	hypercall/console_write_4096_edge "console write of 4097 bytes accepted"
mutant hc3 common/vcpu_op.c '/case VCPUOP_stop_singleshot_timer:/{n;s/if (t != v)/if (false)/}' \
	hypercall/singleshot_timer_only_for_self "a vCPU stops another one's timer"
mutant hc4 $H 's/if (a\[0\] == 0)/if (false)/' \
	hypercall/set_timer_op_zero_cancels "set_timer_op(0) arms instead of cancelling"

C=common/config.c
mutant cf1 $C 's/(size_t)len > max)/(size_t)len >= max)/' \
	config/ok_name_31 "a 31-char name refused"
mutant cf2 $C 's/(size_t)len > max)/(size_t)len > max + 1)/' \
	config/bad_name_32 "a 32-char name accepted"
mutant cf3 $C 's/if (dc->channels\[i\].local_port == lp)/if (false)/' \
	config/bad_channel_port_twice "a local-port used twice accepted"
mutant cf4 $C 's/if (rd == dc->domid \&\& rp == lp)/if (false)/' \
	config/bad_channel_to_itself "a channel from a port to itself accepted"
mutant cf5 $C 's/if (dc->nr_irqs == CONFIG_MAX_IRQS)/if (dc->nr_irqs == CONFIG_MAX_IRQS - 1)/' \
	config/ok_irqs_8 "8 irqs in a domain refused"
mutant cf6 $C 's/if (dc->nr_irqs == CONFIG_MAX_IRQS)/if (dc->nr_irqs > CONFIG_MAX_IRQS)/' \
	config/bad_irqs_9 "a 9th irq accepted (written past the array)"
mutant cf7 $C 's/if (v >= MAX_PCPUS)/if (v >= MAX_PCPUS - 1)/' \
	config/ok_first_cpu_3 "first-cpu 3 refused"
mutant cf8 $C 's/if (v >= MAX_PCPUS)/if (v > MAX_PCPUS)/' \
	config/bad_first_cpu_4 "first-cpu 4 accepted"
mutant cf9 $C 's/if (dc->mem_size > MAX_DOMAIN_MEMORY) {/if (dc->mem_size >= MAX_DOMAIN_MEMORY) {/' \
	config/ok_memory_1gib "memory of exactly 1 GiB refused"
mutant cf10 $C 's/if (dc->mem_size > MAX_DOMAIN_MEMORY) {/if (dc->mem_size > MAX_DOMAIN_MEMORY + DOMAIN_BLOCK) {/' \
	config/bad_memory_1gib_2mib "memory of 1 GiB + 2 MiB accepted"
mutant cf11 $C 's/if (dc->mem_size == 0 || dc->mem_size % DOMAIN_BLOCK) {/if (dc->mem_size == 0) {/' \
	config/bad_memory_1mib "memory of 1 MiB accepted (a backend rounds it up)"
mutant cf12 $C 's/if (dc->irqs\[i\].irq == irq) {/if (false) {/' \
	config/bad_irq_percpu_and_device "a per-CPU and a device irq of one number in a domain"
mutant cf13 $C 's/!(a->irqs\[k\].per_cpu \&\& b->irqs\[m\].per_cpu)/!(a->irqs[k].per_cpu || b->irqs[m].per_cpu)/' \
	config/bad_irq_percpu_other_domain "a per-CPU irq of one domain is another's device irq"

mutant xg1 common/xen_version.c 's/f.submap = f.submap_idx ? 0 : g.features;/f.submap = g.features;/' \
	xen_guest/get_features "feature bits beyond submap 0"
mutant xg2 common/memory.c 's/if (!page || (gpfn << 12) >= g->shared_info_end)/if (!page)/' \
	xen_guest/shared_info_bad_arguments "shared_info over the arch's own pages"
mutant xg3 common/memory.c 's/if (x.domid != DOMID_SELF \&\& x.domid != d->domid)/if (false)/' \
	xen_guest/shared_info_bad_arguments "add_to_physmap for another domain"
mutant xg4 common/memory.c 's/if (x.idx >= g.gnt_frames || x.gpfn != g.gnt_gpfn + x.idx)/if (x.idx >= g.gnt_frames)/' \
	xen_guest/grant_frames_only_where_advertised "a grant frame accepted anywhere"
mutant xg5 common/grant_table.c 's/else if (s.nr_frames > g->gnt_frames)/else if (s.nr_frames > g->gnt_frames + 1)/' \
	xen_guest/grant_setup_table "setup_table writes past the frames there are"
mutant xg6 common/grant_table.c 's/if (s.dom != DOMID_SELF \&\& s.dom != d->domid)/if (false)/' \
	xen_guest/grant_setup_table "setup_table for another domain"

P=common/setup.c
mutant se1 $P 's/if (size == 0 || size % DOMAIN_BLOCK || size > max) {/if (size == 0 || size > max) {/' \
	config/domain_pool_hands_out_2mib_blocks "the pool takes part of a block"
mutant se2 $P 's/if (size > left) {/if (false) {/' \
	config/bad_setup_pool_full "the pool hands out memory past its end"
mutant se3 $P 's/if (!setup_reported)/if (false)/' \
	config/setup_names_a_silent_failure "a backend error without a message prints nothing"

echo "mutants: $killed of $total killed, $bad did not apply or build"
[ "$killed" = "$total" ]
