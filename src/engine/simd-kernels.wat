;; The convolution engine's WebAssembly SIMD kernels, assembled by `npm run wasm` into simd-kernels-wasm.ts:
;; the multiply-accumulate (acc += X · H over interleaved complex float32 spectra, two complex bins per 128-bit
;; vector) and the real FFT of direct-size levels (a Stockham radix-4 complex FFT and the real pre/post twiddles).
;; Arguments are byte addresses in the imported memory (16-byte aligned) and counts.
(module
  (import "env" "memory" (memory 1))
  (func (export "mac") (param $acc i32) (param $x i32) (param $h i32) (param $floats i32)
    (local $end i32) (local $xv v128) (local $hv v128) (local $sign v128)
    (local.set $sign (v128.const f32x4 -1 1 -1 1))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $floats) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $xv (v128.load (local.get $x)))
        (local.set $hv (v128.load (local.get $h)))
        ;; (xr·hr − xi·hi, xi·hr + xr·hi) for both bins: x·[hr hr] + [xi xr]·[hi hi]·[−1 1]
        (v128.store (local.get $acc)
          (f32x4.add (v128.load (local.get $acc))
            (f32x4.add
              (f32x4.mul (local.get $xv)
                (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))
              (f32x4.mul (local.get $sign)
                (f32x4.mul
                  (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $xv) (local.get $xv))
                  (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (br $next))))

  ;; acc += Σ_{j<4} X_j · H_j with X_j at x0…x3 and H_j at h + j·hstride: four partitions per pass, so the
  ;; accumulator is loaded and stored once for four multiply-accumulates.
  (func (export "mac4") (param $acc i32) (param $x0 i32) (param $x1 i32) (param $x2 i32) (param $x3 i32)
        (param $h i32) (param $hstride i32) (param $floats i32)
    (local $o i32) (local $end i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local $x v128) (local $hv v128) (local $re v128) (local $im v128)
    (local.set $end (i32.shl (local.get $floats) (i32.const 2)))
    (local.set $h1 (i32.add (local.get $h) (local.get $hstride)))
    (local.set $h2 (i32.add (local.get $h1) (local.get $hstride)))
    (local.set $h3 (i32.add (local.get $h2) (local.get $hstride)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        ;; re collects x·[hr hr], im collects [xi xr]·[hi hi]; acc += re + [−1 1]·im
        (local.set $x (v128.load (i32.add (local.get $x0) (local.get $o))))
        (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
        (local.set $re (f32x4.mul (local.get $x) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv))))
        (local.set $im (f32x4.mul
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $x) (local.get $x))
          (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv))))
        (local.set $x (v128.load (i32.add (local.get $x1) (local.get $o))))
        (local.set $hv (v128.load (i32.add (local.get $h1) (local.get $o))))
        (local.set $re (f32x4.add (local.get $re)
          (f32x4.mul (local.get $x) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
        (local.set $im (f32x4.add (local.get $im) (f32x4.mul
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $x) (local.get $x))
          (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
        (local.set $x (v128.load (i32.add (local.get $x2) (local.get $o))))
        (local.set $hv (v128.load (i32.add (local.get $h2) (local.get $o))))
        (local.set $re (f32x4.add (local.get $re)
          (f32x4.mul (local.get $x) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
        (local.set $im (f32x4.add (local.get $im) (f32x4.mul
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $x) (local.get $x))
          (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
        (local.set $x (v128.load (i32.add (local.get $x3) (local.get $o))))
        (local.set $hv (v128.load (i32.add (local.get $h3) (local.get $o))))
        (local.set $re (f32x4.add (local.get $re)
          (f32x4.mul (local.get $x) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
        (local.set $im (f32x4.add (local.get $im) (f32x4.mul
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $x) (local.get $x))
          (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
        (v128.store (i32.add (local.get $acc) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o)))
            (f32x4.add (local.get $re) (f32x4.mul (local.get $im) (v128.const f32x4 -1 1 -1 1)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

;; acc[0…floats) += Σ_{p<count} X(slot_p) · H_p over whole packed spectra, one call for a small level's MAC:
  ;; slot_p = (s0 − p) mod slots (the delay line is a ring), X(slot) at x + slot·xstride, H_p at h + p·hstride
  ;; (strides in bytes). Packed bin 0 holds two real bins (DC, Nyquist), multiplied apart: in the first vector,
  ;; lanes 0–1 take the plain product and lanes 2–3 (bin 1) the complex one.
  (func $macring (export "macring") (param $acc i32) (param $x i32) (param $xstride i32) (param $slots i32) (param $s0 i32)
        (param $h i32) (param $hstride i32) (param $count i32) (param $floats i32)
    (local $p i32) (local $slot i32) (local $xp i32) (local $hp i32) (local $o i32) (local $end i32)
    (local $xv v128) (local $hv v128) (local $prod v128)
    (local.set $end (i32.shl (local.get $floats) (i32.const 2)))
    (local.set $slot (local.get $s0))
    (local.set $hp (local.get $h))
    (block $pDone
      (loop $ploop
        (br_if $pDone (i32.ge_u (local.get $p) (local.get $count)))
        (local.set $xp (i32.add (local.get $x) (i32.mul (local.get $slot) (local.get $xstride))))
        (local.set $xv (v128.load (local.get $xp)))
        (local.set $hv (v128.load (local.get $hp)))
        (local.set $prod (f32x4.add
          (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))
          (f32x4.mul (v128.const f32x4 -1 1 -1 1)
            (f32x4.mul
              (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $xv) (local.get $xv))
              (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv))))))
        (v128.store (local.get $acc) (f32x4.add (v128.load (local.get $acc))
          (v128.bitselect (local.get $prod) (f32x4.mul (local.get $xv) (local.get $hv)) (v128.const i32x4 0 0 -1 -1))))
        (local.set $o (i32.const 16))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
            (local.set $xv (v128.load (i32.add (local.get $xp) (local.get $o))))
            (local.set $hv (v128.load (i32.add (local.get $hp) (local.get $o))))
            (v128.store (i32.add (local.get $acc) (local.get $o))
              (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o)))
                (f32x4.add
                  (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))
                  (f32x4.mul (v128.const f32x4 -1 1 -1 1)
                    (f32x4.mul
                      (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $xv) (local.get $xv))
                      (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $next)))
        (local.set $hp (i32.add (local.get $hp) (local.get $hstride)))
        (local.set $slot (select (i32.sub (local.get $slots) (i32.const 1)) (i32.sub (local.get $slot) (i32.const 1)) (i32.eqz (local.get $slot))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ploop))))

    ;; Complex FFT (forward, unnormalized) of N points, f64 interleaved, Stockham (autosort: natural order in and
  ;; out): radix-4 passes, then one radix-2 pass when log2 N is odd. Runs passes [first, last), so a large
  ;; transform can be spread over calls. Pass i writes a (i even) or b (i odd) and reads x (i = 0) or the
  ;; previous pass's output; x is never written, and neither a nor b may be x. tw: for each radix-4 pass of
  ;; length n = N, N/4, … (n ≥ 4) and p < n/4, W_n^p, W_n^2p, W_n^3p (W_n = e^{−2πi/n}), concatenated.
  ;; Returns the address holding the last pass's output.
  (func (export "cfft") (param $x i32) (param $a i32) (param $b i32) (param $tw i32) (param $N i32)
        (param $first i32) (param $last i32) (result i32)
    (local $n i32) (local $s i32) (local $m i32) (local $p i32) (local $qo i32) (local $i i32) (local $out i32)
    (local $stride i32) (local $span i32) (local $ia i32) (local $ib i32) (local $ic i32) (local $id i32)
    (local $oa i32) (local $ob i32) (local $oc i32) (local $od i32) (local $t i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128)
    (local $u v128) (local $v v128) (local $apc v128) (local $amc v128) (local $bpd v128) (local $jbmd v128)
    ;; skip the twiddles of passes before `first`
    (local.set $n (local.get $N))
    (local.set $s (i32.const 1))
    (local.set $i (i32.const 0))
    (block $skipped
      (loop $skip
        (br_if $skipped (i32.ge_u (local.get $i) (local.get $first)))
        (local.set $tw (i32.add (local.get $tw) (i32.mul (i32.shr_u (local.get $n) (i32.const 2)) (i32.const 48))))
        (local.set $n (i32.shr_u (local.get $n) (i32.const 2)))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $skip)))
    (if (i32.gt_u (local.get $first) (i32.const 0))
      (then (local.set $x (select (local.get $b) (local.get $a) (i32.and (i32.sub (local.get $first) (i32.const 1)) (i32.const 1))))))
    (local.set $out (select (local.get $b) (local.get $a) (i32.and (local.get $first) (i32.const 1))))
    (block $passesDone
      (loop $pass
        (br_if $passesDone (i32.ge_u (local.get $i) (local.get $last)))
        (br_if $passesDone (i32.le_u (local.get $n) (i32.const 1)))
        (local.set $stride (i32.shl (local.get $s) (i32.const 4))) ;; bytes between p and p + 1 in x
        (if (i32.eq (local.get $n) (i32.const 2))
          (then
            ;; the closing radix-2 pass (w = 1): out[q] = x[q] + x[q + s], out[q + s] = x[q] − x[q + s]
            (local.set $qo (i32.const 0))
            (block $r2Done
              (loop $r2
                (br_if $r2Done (i32.ge_u (local.get $qo) (local.get $stride)))
                (local.set $u (v128.load (i32.add (local.get $x) (local.get $qo))))
                (local.set $v (v128.load (i32.add (i32.add (local.get $x) (local.get $stride)) (local.get $qo))))
                (v128.store (i32.add (local.get $out) (local.get $qo)) (f64x2.add (local.get $u) (local.get $v)))
                (v128.store (i32.add (i32.add (local.get $out) (local.get $stride)) (local.get $qo)) (f64x2.sub (local.get $u) (local.get $v)))
                (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                (br $r2))))
          (else
            (local.set $m (i32.shr_u (local.get $n) (i32.const 2)))
            (local.set $span (i32.mul (local.get $m) (local.get $stride))) ;; bytes between the four inputs
            (local.set $p (i32.const 0))
            (local.set $t (local.get $tw))
            (block $pDone
              (loop $ploop
                (br_if $pDone (i32.ge_u (local.get $p) (local.get $m)))
                ;; w·z = z·[wr wr] + swap(z)·[−wi wi]
                (local.set $u (v128.load (local.get $t)))
                (local.set $w1r (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
                (local.set $w1i (f64x2.mul (v128.const f64x2 -1 1) (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))
                (local.set $u (v128.load offset=16 (local.get $t)))
                (local.set $w2r (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
                (local.set $w2i (f64x2.mul (v128.const f64x2 -1 1) (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))
                (local.set $u (v128.load offset=32 (local.get $t)))
                (local.set $w3r (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))
                (local.set $w3i (f64x2.mul (v128.const f64x2 -1 1) (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u))))
                (local.set $ia (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $stride))))
                (local.set $ib (i32.add (local.get $ia) (local.get $span)))
                (local.set $ic (i32.add (local.get $ib) (local.get $span)))
                (local.set $id (i32.add (local.get $ic) (local.get $span)))
                (local.set $oa (i32.add (local.get $out) (i32.shl (i32.mul (local.get $p) (local.get $stride)) (i32.const 2))))
                (local.set $ob (i32.add (local.get $oa) (local.get $stride)))
                (local.set $oc (i32.add (local.get $ob) (local.get $stride)))
                (local.set $od (i32.add (local.get $oc) (local.get $stride)))
                (local.set $qo (i32.const 0))
                (block $qDone
                  (loop $qloop
                    (br_if $qDone (i32.ge_u (local.get $qo) (local.get $stride)))
                    (local.set $u (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $ic) (local.get $qo))))
                    (local.set $apc (f64x2.add (local.get $u) (local.get $v)))
                    (local.set $amc (f64x2.sub (local.get $u) (local.get $v)))
                    (local.set $u (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $id) (local.get $qo))))
                    (local.set $bpd (f64x2.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1]
                    (local.set $v (f64x2.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f64x2.mul (v128.const f64x2 -1 1)
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
                    (v128.store (i32.add (local.get $oa) (local.get $qo)) (f64x2.add (local.get $apc) (local.get $bpd)))
                    (local.set $u (f64x2.sub (local.get $amc) (local.get $jbmd)))
                    (v128.store (i32.add (local.get $ob) (local.get $qo))
                      (f64x2.add (f64x2.mul (local.get $u) (local.get $w1r))
                        (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)) (local.get $w1i))))
                    (local.set $u (f64x2.sub (local.get $apc) (local.get $bpd)))
                    (v128.store (i32.add (local.get $oc) (local.get $qo))
                      (f64x2.add (f64x2.mul (local.get $u) (local.get $w2r))
                        (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)) (local.get $w2i))))
                    (local.set $u (f64x2.add (local.get $amc) (local.get $jbmd)))
                    (v128.store (i32.add (local.get $od) (local.get $qo))
                      (f64x2.add (f64x2.mul (local.get $u) (local.get $w3r))
                        (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)) (local.get $w3i))))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br $qloop)))
                (local.set $t (i32.add (local.get $t) (i32.const 48)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $ploop)))
            (local.set $tw (local.get $t))))
        ;; this pass's output is the next pass's input; the next output is the other of a, b
        (local.set $x (local.get $out))
        (local.set $out (select (local.get $b) (local.get $a) (i32.eq (local.get $out) (local.get $a))))
        (local.set $n (i32.shr_u (local.get $n) (i32.const 2)))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pass)))
    (local.get $x))

  ;; Real-FFT post-twiddle: complex spectrum Z (f64, natural order, L points) of z[m] = x[2m] + i·x[2m+1] →
  ;; packed real spectrum R (f32; bin 0 holds DC and Nyquist). tw2: W_{2L}^k = e^{−πik/L}, k ≤ L/2, f64 pairs.
  (func (export "rpost") (param $z i32) (param $dst i32) (param $tw2 i32) (param $L i32)
    (local $k i32) (local $half i32) (local $a i32) (local $b i32) (local $t i32) (local $da i32) (local $db i32)
    (local $zr f64) (local $zi f64) (local $wr f64) (local $wi f64)
    (local $er f64) (local $ei f64) (local $or f64) (local $oi f64) (local $cr f64) (local $ci f64) (local $tr f64) (local $ti f64)
    (local.set $zr (f64.load (local.get $z)))
    (local.set $zi (f64.load offset=8 (local.get $z)))
    (f32.store (local.get $dst) (f32.demote_f64 (f64.add (local.get $zr) (local.get $zi))))
    (f32.store offset=4 (local.get $dst) (f32.demote_f64 (f64.sub (local.get $zr) (local.get $zi))))
    (local.set $half (i32.shr_u (local.get $L) (i32.const 1)))
    (local.set $k (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $k) (local.get $half)))
        (local.set $a (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $b (i32.add (local.get $z) (i32.shl (i32.sub (local.get $L) (local.get $k)) (i32.const 4))))
        (local.set $t (i32.add (local.get $tw2) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $zr (f64.load (local.get $a)))
        (local.set $zi (f64.load offset=8 (local.get $a)))
        (local.set $wr (f64.load (local.get $b)))
        (local.set $wi (f64.load offset=8 (local.get $b)))
        (local.set $er (f64.mul (f64.const 0.5) (f64.add (local.get $zr) (local.get $wr))))
        (local.set $ei (f64.mul (f64.const 0.5) (f64.sub (local.get $zi) (local.get $wi))))
        (local.set $or (f64.mul (f64.const 0.5) (f64.add (local.get $zi) (local.get $wi))))
        (local.set $oi (f64.mul (f64.const -0.5) (f64.sub (local.get $zr) (local.get $wr))))
        (local.set $cr (f64.load (local.get $t)))
        (local.set $ci (f64.load offset=8 (local.get $t)))
        (local.set $tr (f64.sub (f64.mul (local.get $cr) (local.get $or)) (f64.mul (local.get $ci) (local.get $oi))))
        (local.set $ti (f64.add (f64.mul (local.get $cr) (local.get $oi)) (f64.mul (local.get $ci) (local.get $or))))
        (local.set $da (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $db (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $L) (local.get $k)) (i32.const 3))))
        (f32.store (local.get $da) (f32.demote_f64 (f64.add (local.get $er) (local.get $tr))))
        (f32.store offset=4 (local.get $da) (f32.demote_f64 (f64.add (local.get $ei) (local.get $ti))))
        (f32.store (local.get $db) (f32.demote_f64 (f64.sub (local.get $er) (local.get $tr))))
        (f32.store offset=4 (local.get $db) (f32.demote_f64 (f64.sub (local.get $ti) (local.get $ei))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Real-FFT pre-twiddle for the inverse: packed real spectrum R (f32) → swap(Z) (f64, natural order), so that
  ;; the forward cfft of it yields the swapped, unnormalized inverse (x[j] = out[j ^ 1] / L).
  (func (export "rpre") (param $src i32) (param $out i32) (param $tw2 i32) (param $L i32)
    (local $k i32) (local $half i32) (local $a i32) (local $b i32) (local $t i32) (local $sa i32) (local $sb i32)
    (local $rkr f64) (local $rki f64) (local $rmr f64) (local $rmi f64)
    (local $er f64) (local $ei f64) (local $dr f64) (local $di f64) (local $cr f64) (local $ci f64) (local $or f64) (local $oi f64)
    (local.set $rkr (f64.promote_f32 (f32.load (local.get $src))))
    (local.set $rki (f64.promote_f32 (f32.load offset=4 (local.get $src))))
    (f64.store (local.get $out) (f64.mul (f64.const 0.5) (f64.sub (local.get $rkr) (local.get $rki))))
    (f64.store offset=8 (local.get $out) (f64.mul (f64.const 0.5) (f64.add (local.get $rkr) (local.get $rki))))
    (local.set $half (i32.shr_u (local.get $L) (i32.const 1)))
    (local.set $k (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $k) (local.get $half)))
        (local.set $sa (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $sb (i32.add (local.get $src) (i32.shl (i32.sub (local.get $L) (local.get $k)) (i32.const 3))))
        (local.set $t (i32.add (local.get $tw2) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $rkr (f64.promote_f32 (f32.load (local.get $sa))))
        (local.set $rki (f64.promote_f32 (f32.load offset=4 (local.get $sa))))
        (local.set $rmr (f64.promote_f32 (f32.load (local.get $sb))))
        (local.set $rmi (f64.promote_f32 (f32.load offset=4 (local.get $sb))))
        (local.set $er (f64.mul (f64.const 0.5) (f64.add (local.get $rkr) (local.get $rmr))))
        (local.set $ei (f64.mul (f64.const 0.5) (f64.sub (local.get $rki) (local.get $rmi))))
        (local.set $dr (f64.mul (f64.const 0.5) (f64.sub (local.get $rkr) (local.get $rmr))))
        (local.set $di (f64.mul (f64.const 0.5) (f64.add (local.get $rki) (local.get $rmi))))
        (local.set $cr (f64.load (local.get $t)))
        (local.set $ci (f64.load offset=8 (local.get $t)))
        (local.set $or (f64.add (f64.mul (local.get $dr) (local.get $cr)) (f64.mul (local.get $di) (local.get $ci))))
        (local.set $oi (f64.sub (f64.mul (local.get $di) (local.get $cr)) (f64.mul (local.get $dr) (local.get $ci))))
        (local.set $a (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $b (i32.add (local.get $out) (i32.shl (i32.sub (local.get $L) (local.get $k)) (i32.const 4))))
        (f64.store (local.get $a) (f64.add (local.get $ei) (local.get $or)))
        (f64.store offset=8 (local.get $a) (f64.sub (local.get $er) (local.get $oi)))
        (f64.store (local.get $b) (f64.sub (local.get $or) (local.get $ei)))
        (f64.store offset=8 (local.get $b) (f64.add (local.get $er) (local.get $oi)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; The engine's per-block glue (partitioned-convolver.ts), so a short IR's block is not spent in JavaScript
  ;; loops over samples (≈ 2 µs of a 512-tap block's 4). Added at the end: the kernels above are unchanged.
  ;;
  ;; In place over `floats` float32 values (a multiple of 4): magnitudes below 1e-30 (−600 dB) become +0, as the
  ;; JavaScript `v < 1e-30 && v > −1e-30 ? 0 : v` does (float32(1e-30) is just above 1e-30, so comparing floats
  ;; with it picks the same values); returns 1 when every value is finite, 0 when one is NaN or ±Infinity
  ;; (v − v is 0 for finite v, NaN otherwise; the sum of those stays NaN).
  (func $flush (export "flush") (param $p i32) (param $floats i32) (result i32)
    (local $end i32) (local $v v128) (local $nan v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $floats) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $nan (f32x4.add (local.get $nan) (f32x4.sub (local.get $v) (local.get $v))))
        (v128.store (local.get $p)
          (v128.andnot (local.get $v) (f32x4.lt (f32x4.abs (local.get $v)) (v128.const f32x4 1e-30 1e-30 1e-30 1e-30))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (i32x4.all_true (f32x4.eq (local.get $nan) (local.get $nan))))

  ;; Complex FFT (forward, unnormalized) of N ≥ 8 points on f32x4: two complex float32 numbers per vector,
  ;; Stockham radix-4 passes, then one radix-2 pass when log2 N is odd; natural order in and out. Runs passes
  ;; [first, last) like cfft (pass i writes a (i even) or b (i odd); x is never written, and x may be b but not
  ;; a). mode bit 0: x holds f64 pairs (converted on the first pass's loads); bit 1: the final pass writes f64
  ;; pairs at d64 instead, which is then returned; bit 2 (without bit 1): it writes its f32 pairs at d64 instead;
  ;; bit 3 (without bits 1, 2): it writes the second half of its f32 output (points N/2 … N − 1) at d64. Pass 0 (stride 1) runs butterflies p and p + 1 in one vector
  ;; and transposes its outputs; later passes (stride ≥ 4) run two q per vector; the final pass (n ≤ 4) has no
  ;; twiddles. tw: pass 0's twiddles for each pair (p, p + 1) and k = 1…3 as [wr wr wr' wr'] [−wi wi −wi' wi']
  ;; (48 bytes per p), then for each later pass of length n ≥ 4 and p < n/4, k = 1…3, [wr wr wr wr]
  ;; [−wi wi −wi wi] (96 bytes per p), W_n^(kp) = wr + i·wi.
  (func $cfft4r (param $x i32) (param $a i32) (param $b i32) (param $tw i32) (param $N i32)
        (param $first i32) (param $last i32) (param $mode i32) (param $d64 i32) (param $part i32) (param $parts i32) (result i32)
    (local $lo i32) (local $hi i32) (local $qe i32)
    (local $n i32) (local $s i32) (local $m i32) (local $p i32) (local $qo i32) (local $po i32) (local $i i32)
    (local $out i32) (local $stride i32) (local $span i32) (local $inc i32) (local $t i32) (local $dd i32)
    (local $ia i32) (local $ib i32) (local $ic i32) (local $id i32) (local $oa i32) (local $ob i32) (local $oc i32) (local $od i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128)
    (local $u v128) (local $v v128) (local $apc v128) (local $amc v128) (local $bpd v128) (local $jbmd v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local.set $n (local.get $N))
    (local.set $s (i32.const 1))
    (block $skipped
      (loop $skip
        (br_if $skipped (i32.ge_u (local.get $i) (local.get $first)))
        (local.set $tw (i32.add (local.get $tw) (i32.mul (local.get $n) (select (i32.const 12) (i32.const 24) (i32.eqz (local.get $i))))))
        (local.set $n (i32.shr_u (local.get $n) (i32.const 2)))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $skip)))
    (if (i32.gt_u (local.get $first) (i32.const 0))
      (then (local.set $x (select (local.get $b) (local.get $a) (i32.and (i32.sub (local.get $first) (i32.const 1)) (i32.const 1))))))
    (local.set $out (select (local.get $b) (local.get $a) (i32.and (local.get $first) (i32.const 1))))
    (block $passesDone
      (loop $pass
        (br_if $passesDone (i32.ge_u (local.get $i) (local.get $last)))
        (br_if $passesDone (i32.le_u (local.get $n) (i32.const 1)))
        (local.set $stride (i32.shl (local.get $s) (i32.const 3))) ;; bytes between p and p + 1 in x (f32 pairs)
        (local.set $m (i32.shr_u (local.get $n) (i32.const 2)))
        ;; this call's share of the pass: bytes [lo, hi) of its loop space, max(m, 1)·s f32 pairs (see cfft4part)
        (local.set $hi (i32.div_u (i32.shl (i32.mul (select (local.get $m) (i32.const 1) (local.get $m)) (local.get $s)) (i32.const 3)) (local.get $parts)))
        (local.set $lo (i32.mul (local.get $hi) (local.get $part)))
        (local.set $hi (i32.add (local.get $hi) (local.get $lo)))
        (if (i32.le_u (local.get $n) (i32.const 4))
          (then
            ;; the final pass, twiddle-free: radix-4 (n = 4, p = 0) or radix-2 (n = 2); f64 out when mode bit 1
            (local.set $ia (local.get $x))
            (local.set $ib (i32.add (local.get $ia) (local.get $stride)))
            (local.set $ic (i32.add (local.get $ib) (local.get $stride)))
            (local.set $id (i32.add (local.get $ic) (local.get $stride)))
            (local.set $oa (local.get $out))
            ;; mode bit 2: f32 pairs at d64 (a level's result buffer, which outlives the scratch)
            (if (i32.and (local.get $mode) (i32.const 4))
              (then
                (local.set $out (local.get $d64))
                (local.set $oa (local.get $d64))))
            (if (i32.and (local.get $mode) (i32.const 2))
              (then
                (local.set $out (local.get $d64))
                (local.set $oa (local.get $d64))
                (local.set $stride (i32.shl (local.get $stride) (i32.const 1))) ;; bytes between outputs (f64)
                (local.set $ob (i32.add (local.get $oa) (local.get $stride)))
                (local.set $oc (i32.add (local.get $ob) (local.get $stride)))
                (local.set $od (i32.add (local.get $oc) (local.get $stride)))
                (local.set $stride (i32.shr_u (local.get $stride) (i32.const 1)))
                (if (i32.eq (local.get $n) (i32.const 4))
                  (then
                    (local.set $qo (local.get $lo))
                    (loop $q
                    (local.set $u (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $ic) (local.get $qo))))
                    (local.set $apc (f32x4.add (local.get $u) (local.get $v)))
                    (local.set $amc (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $u (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $id) (local.get $qo))))
                    (local.set $bpd (f32x4.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1 −1 1]
                    (local.set $v (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))
                    (local.set $u (f32x4.add (local.get $apc) (local.get $bpd)))
                    (local.set $dd (i32.add (local.get $oa) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $u (f32x4.sub (local.get $amc) (local.get $jbmd)))
                    (local.set $dd (i32.add (local.get $ob) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $u (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (local.set $dd (i32.add (local.get $oc) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $u (f32x4.add (local.get $amc) (local.get $jbmd)))
                    (local.set $dd (i32.add (local.get $od) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br_if $q (i32.lt_u (local.get $qo) (local.get $hi)))))
                  (else
                    (local.set $qo (local.get $lo))
                    (loop $q
                    (local.set $apc (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $bpd (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (local.set $u (f32x4.add (local.get $apc) (local.get $bpd)))
                    (local.set $dd (i32.add (local.get $oa) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $u (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (local.set $dd (i32.add (local.get $ob) (i32.shl (local.get $qo) (i32.const 1))))
                    (v128.store (local.get $dd) (f64x2.promote_low_f32x4 (local.get $u)))
                    (v128.store offset=16 (local.get $dd) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br_if $q (i32.lt_u (local.get $qo) (local.get $hi)))))))
              (else
                (local.set $ob (i32.add (local.get $oa) (local.get $stride)))
                (local.set $oc (i32.add (local.get $ob) (local.get $stride)))
                (local.set $od (i32.add (local.get $oc) (local.get $stride)))
                ;; mode bit 3: the second half of the output (points N/2 … N − 1) at d64, the first half into the
                ;; scratch, unread (an overlap-save level reads only the second half of its result)
                (if (i32.and (local.get $mode) (i32.const 8))
                  (then
                    (if (i32.eq (local.get $n) (i32.const 4))
                      (then
                        (local.set $oc (local.get $d64))
                        (local.set $od (i32.add (local.get $d64) (local.get $stride))))
                      (else (local.set $ob (local.get $d64))))))
                (if (i32.eq (local.get $n) (i32.const 4))
                  (then
                    (local.set $qo (local.get $lo))
                    (loop $q
                    (local.set $u (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $ic) (local.get $qo))))
                    (local.set $apc (f32x4.add (local.get $u) (local.get $v)))
                    (local.set $amc (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $u (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $id) (local.get $qo))))
                    (local.set $bpd (f32x4.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1 −1 1]
                    (local.set $v (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))
                    (v128.store (i32.add (local.get $oa) (local.get $qo)) (f32x4.add (local.get $apc) (local.get $bpd)))
                    (v128.store (i32.add (local.get $ob) (local.get $qo)) (f32x4.sub (local.get $amc) (local.get $jbmd)))
                    (v128.store (i32.add (local.get $oc) (local.get $qo)) (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (v128.store (i32.add (local.get $od) (local.get $qo)) (f32x4.add (local.get $amc) (local.get $jbmd)))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br_if $q (i32.lt_u (local.get $qo) (local.get $hi)))))
                  (else
                    (local.set $qo (local.get $lo))
                    (loop $q
                    (local.set $apc (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $bpd (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (v128.store (i32.add (local.get $oa) (local.get $qo)) (f32x4.add (local.get $apc) (local.get $bpd)))
                    (v128.store (i32.add (local.get $ob) (local.get $qo)) (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br_if $q (i32.lt_u (local.get $qo) (local.get $hi)))))))))
          (else
            (if (i32.eqz (local.get $i))
              (then
                ;; pass 0 (stride 1): vectors run over p; inputs p, p + m, p + 2m, p + 3m (f64 or f32 pairs)
                ;; po runs over [lo, hi) of the m f32 pairs' bytes; 96 twiddle bytes and inc input bytes per 16 of po
                (local.set $t (i32.add (local.get $tw) (i32.mul (local.get $lo) (i32.const 6))))
                (local.set $span (i32.shl (local.get $m) (i32.const 3))) ;; bytes of m f32 pairs
                (local.set $inc (select (i32.const 32) (i32.const 16) (i32.and (local.get $mode) (i32.const 1))))
                (local.set $ia (i32.add (local.get $x) (i32.shr_u (i32.mul (local.get $lo) (local.get $inc)) (i32.const 4))))
                (local.set $ib (i32.add (local.get $ia) (i32.mul (local.get $m) (i32.shr_u (local.get $inc) (i32.const 1)))))
                (local.set $ic (i32.add (local.get $ib) (i32.mul (local.get $m) (i32.shr_u (local.get $inc) (i32.const 1)))))
                (local.set $id (i32.add (local.get $ic) (i32.mul (local.get $m) (i32.shr_u (local.get $inc) (i32.const 1)))))
                (if (i32.and (local.get $mode) (i32.const 1))
                  (then
                    (local.set $po (local.get $lo))
                    (loop $p0
                    (local.set $u (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (v128.load (local.get $ia))) (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $ia)))))
                    (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (v128.load (local.get $ic))) (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $ic)))))
                    (local.set $apc (f32x4.add (local.get $u) (local.get $v)))
                    (local.set $amc (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $u (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (v128.load (local.get $ib))) (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $ib)))))
                    (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (v128.load (local.get $id))) (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $id)))))
                    (local.set $bpd (f32x4.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1 −1 1]
                    (local.set $v (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))
                    (local.set $y0 (f32x4.add (local.get $apc) (local.get $bpd)))
                    (local.set $u (f32x4.sub (local.get $amc) (local.get $jbmd)))
                    (local.set $y1 (f32x4.add (f32x4.mul (local.get $u) (v128.load (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=16 (local.get $t)))))
                    (local.set $u (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (local.set $y2 (f32x4.add (f32x4.mul (local.get $u) (v128.load offset=32 (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=48 (local.get $t)))))
                    (local.set $u (f32x4.add (local.get $amc) (local.get $jbmd)))
                    (local.set $y3 (f32x4.add (f32x4.mul (local.get $u) (v128.load offset=64 (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=80 (local.get $t)))))
                    ;; butterflies p and p + 1 give out[4p … 4p + 3] and out[4p + 4 … 4p + 7]: a 2×2 transpose of complex pairs
                    (local.set $oa (i32.add (local.get $out) (i32.shl (local.get $po) (i32.const 2))))
                    (v128.store (local.get $oa) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1)))
                    (v128.store offset=16 (local.get $oa) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y2) (local.get $y3)))
                    (v128.store offset=32 (local.get $oa) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1)))
                    (v128.store offset=48 (local.get $oa) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y2) (local.get $y3)))
                    (local.set $t (i32.add (local.get $t) (i32.const 96)))
                    (local.set $ia (i32.add (local.get $ia) (local.get $inc)))
                    (local.set $ib (i32.add (local.get $ib) (local.get $inc)))
                    (local.set $ic (i32.add (local.get $ic) (local.get $inc)))
                    (local.set $id (i32.add (local.get $id) (local.get $inc)))
                    (local.set $po (i32.add (local.get $po) (i32.const 16)))
                    (br_if $p0 (i32.lt_u (local.get $po) (local.get $hi)))))
                  (else
                    (local.set $po (local.get $lo))
                    (loop $p0
                    (local.set $u (v128.load (local.get $ia)))
                    (local.set $v (v128.load (local.get $ic)))
                    (local.set $apc (f32x4.add (local.get $u) (local.get $v)))
                    (local.set $amc (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $u (v128.load (local.get $ib)))
                    (local.set $v (v128.load (local.get $id)))
                    (local.set $bpd (f32x4.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1 −1 1]
                    (local.set $v (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))
                    (local.set $y0 (f32x4.add (local.get $apc) (local.get $bpd)))
                    (local.set $u (f32x4.sub (local.get $amc) (local.get $jbmd)))
                    (local.set $y1 (f32x4.add (f32x4.mul (local.get $u) (v128.load (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=16 (local.get $t)))))
                    (local.set $u (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (local.set $y2 (f32x4.add (f32x4.mul (local.get $u) (v128.load offset=32 (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=48 (local.get $t)))))
                    (local.set $u (f32x4.add (local.get $amc) (local.get $jbmd)))
                    (local.set $y3 (f32x4.add (f32x4.mul (local.get $u) (v128.load offset=64 (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (v128.load offset=80 (local.get $t)))))
                    ;; butterflies p and p + 1 give out[4p … 4p + 3] and out[4p + 4 … 4p + 7]: a 2×2 transpose of complex pairs
                    (local.set $oa (i32.add (local.get $out) (i32.shl (local.get $po) (i32.const 2))))
                    (v128.store (local.get $oa) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1)))
                    (v128.store offset=16 (local.get $oa) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y2) (local.get $y3)))
                    (v128.store offset=32 (local.get $oa) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1)))
                    (v128.store offset=48 (local.get $oa) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y2) (local.get $y3)))
                    (local.set $t (i32.add (local.get $t) (i32.const 96)))
                    (local.set $ia (i32.add (local.get $ia) (local.get $inc)))
                    (local.set $ib (i32.add (local.get $ib) (local.get $inc)))
                    (local.set $ic (i32.add (local.get $ic) (local.get $inc)))
                    (local.set $id (i32.add (local.get $id) (local.get $inc)))
                    (local.set $po (i32.add (local.get $po) (i32.const 16)))
                    (br_if $p0 (i32.lt_u (local.get $po) (local.get $hi))))))
                (local.set $tw (i32.add (local.get $tw) (i32.mul (local.get $n) (i32.const 12)))))
              (else
                ;; stride ≥ 4: vectors run over q, two per vector; one twiddle set per p
                (local.set $span (i32.mul (local.get $m) (local.get $stride))) ;; bytes between the four inputs
                ;; rows p of stride bytes, from the row holding byte lo to the one holding byte hi − 16
                (local.set $p (i32.div_u (local.get $lo) (local.get $stride)))
                (local.set $qo (i32.sub (local.get $lo) (i32.mul (local.get $p) (local.get $stride))))
                (local.set $t (i32.add (local.get $tw) (i32.mul (local.get $p) (i32.const 96))))
                (loop $ploop
                  (local.set $w1r (v128.load (local.get $t)))
                  (local.set $w1i (v128.load offset=16 (local.get $t)))
                  (local.set $w2r (v128.load offset=32 (local.get $t)))
                  (local.set $w2i (v128.load offset=48 (local.get $t)))
                  (local.set $w3r (v128.load offset=64 (local.get $t)))
                  (local.set $w3i (v128.load offset=80 (local.get $t)))
                  (local.set $ia (i32.add (local.get $x) (i32.mul (local.get $p) (local.get $stride))))
                  (local.set $ib (i32.add (local.get $ia) (local.get $span)))
                  (local.set $ic (i32.add (local.get $ib) (local.get $span)))
                  (local.set $id (i32.add (local.get $ic) (local.get $span)))
                  (local.set $oa (i32.add (local.get $out) (i32.shl (i32.mul (local.get $p) (local.get $stride)) (i32.const 2))))
                  (local.set $ob (i32.add (local.get $oa) (local.get $stride)))
                  (local.set $oc (i32.add (local.get $ob) (local.get $stride)))
                  (local.set $od (i32.add (local.get $oc) (local.get $stride)))
                  (local.set $qe (i32.sub (local.get $hi) (i32.mul (local.get $p) (local.get $stride))))
                  (if (i32.gt_u (local.get $qe) (local.get $stride)) (then (local.set $qe (local.get $stride))))
                    (loop $q
                    (local.set $u (v128.load (i32.add (local.get $ia) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $ic) (local.get $qo))))
                    (local.set $apc (f32x4.add (local.get $u) (local.get $v)))
                    (local.set $amc (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $u (v128.load (i32.add (local.get $ib) (local.get $qo))))
                    (local.set $v (v128.load (i32.add (local.get $id) (local.get $qo))))
                    (local.set $bpd (f32x4.add (local.get $u) (local.get $v)))
                    ;; i·(b − d) = swap(b − d)·[−1 1 −1 1]
                    (local.set $v (f32x4.sub (local.get $u) (local.get $v)))
                    (local.set $jbmd (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v))))
                    (v128.store (i32.add (local.get $oa) (local.get $qo)) (f32x4.add (local.get $apc) (local.get $bpd)))
                    (local.set $u (f32x4.sub (local.get $amc) (local.get $jbmd)))
                    (v128.store (i32.add (local.get $ob) (local.get $qo)) (f32x4.add (f32x4.mul (local.get $u) (local.get $w1r)) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (local.get $w1i))))
                    (local.set $u (f32x4.sub (local.get $apc) (local.get $bpd)))
                    (v128.store (i32.add (local.get $oc) (local.get $qo)) (f32x4.add (f32x4.mul (local.get $u) (local.get $w2r)) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (local.get $w2i))))
                    (local.set $u (f32x4.add (local.get $amc) (local.get $jbmd)))
                    (v128.store (i32.add (local.get $od) (local.get $qo)) (f32x4.add (f32x4.mul (local.get $u) (local.get $w3r)) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $u) (local.get $u)) (local.get $w3i))))
                    (local.set $qo (i32.add (local.get $qo) (i32.const 16)))
                    (br_if $q (i32.lt_u (local.get $qo) (local.get $qe))))
                  (local.set $qo (i32.const 0))
                  (local.set $t (i32.add (local.get $t) (i32.const 96)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br_if $ploop (i32.lt_u (i32.mul (local.get $p) (local.get $stride)) (local.get $hi))))
                (local.set $tw (i32.add (local.get $tw) (i32.mul (local.get $n) (i32.const 24))))))))
        ;; this pass's output is the next pass's input; the next output is the other of a, b
        (local.set $x (local.get $out))
        (local.set $out (select (local.get $b) (local.get $a) (i32.eq (local.get $out) (local.get $a))))
        (local.set $n (i32.shr_u (local.get $n) (i32.const 2)))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pass)))
    (local.get $x))


  ;; cfft4 as documented above: passes [first, last), whole.
  (func $cfft4 (export "cfft4") (param $x i32) (param $a i32) (param $b i32) (param $tw i32) (param $N i32)
        (param $first i32) (param $last i32) (param $mode i32) (param $d64 i32) (result i32)
    (call $cfft4r (local.get $x) (local.get $a) (local.get $b) (local.get $tw) (local.get $N)
      (local.get $first) (local.get $last) (local.get $mode) (local.get $d64) (i32.const 0) (i32.const 1)))

  ;; Part `part` of `parts` of cfft4's pass `pass` (same buffers, mode and result), so that one pass of a large
  ;; transform spreads over calls: the pass's loop space (its butterflies, in vector order) cut into `parts`
  ;; equal ranges, run in any order, each giving the same float32 operations as the whole pass. parts: a power
  ;; of two with at least one vector in each range (parts ≤ N/8).
  (func (export "cfft4part") (param $x i32) (param $a i32) (param $b i32) (param $tw i32) (param $N i32)
        (param $pass i32) (param $part i32) (param $parts i32) (param $mode i32) (param $d64 i32) (result i32)
    (call $cfft4r (local.get $x) (local.get $a) (local.get $b) (local.get $tw) (local.get $N)
      (local.get $pass) (i32.add (local.get $pass) (i32.const 1)) (local.get $mode) (local.get $d64) (local.get $part) (local.get $parts)))

  ;; rpost4 and rpre4 (below) whole, and in parts: part `part` of `parts` (a power of two ≤ L/4) runs that share
  ;; of the bin pairs (bin 0 with part 0), in any order, each bin computed as the whole pass computes it.
  (func $rpost4 (export "rpost4") (param $z i32) (param $dst i32) (param $tw2 i32) (param $L i32)
    (call $rpost4r (local.get $z) (local.get $dst) (local.get $tw2) (local.get $L) (i32.const 0) (i32.const 1)))
  (func (export "rpost4part") (param $z i32) (param $dst i32) (param $tw2 i32) (param $L i32) (param $part i32) (param $parts i32)
    (call $rpost4r (local.get $z) (local.get $dst) (local.get $tw2) (local.get $L) (local.get $part) (local.get $parts)))
  (func $rpre4 (export "rpre4") (param $src i32) (param $out i32) (param $tw2 i32) (param $L i32)
    (call $rpre4r (local.get $src) (local.get $out) (local.get $tw2) (local.get $L) (i32.const 0) (i32.const 1)))
  (func (export "rpre4part") (param $src i32) (param $out i32) (param $tw2 i32) (param $L i32) (param $part i32) (param $parts i32)
    (call $rpre4r (local.get $src) (local.get $out) (local.get $tw2) (local.get $L) (local.get $part) (local.get $parts)))

  ;; Real-FFT post-twiddle on f32x4, bins k and k + 1 per vector (k odd), their mirrors L − k and L − k − 1 read
  ;; and written as one vector in reverse: complex spectrum Z (f32, natural order, L ≥ 8 points) of
  ;; z[m] = x[2m] + i·x[2m+1] → packed real spectrum R (f32; bin 0 holds DC and Nyquist). tw2: for each pair,
  ;; [cr cr cr' cr'] [−ci ci −ci' ci'] with W_(2L)^k = cr + i·ci (32 bytes per pair). z and dst must not overlap.
  (func $rpost4r (param $z i32) (param $dst i32) (param $tw2 i32) (param $L i32) (param $part i32) (param $parts i32)
    (local $k i32) (local $half i32) (local $t i32) (local $mb i32) (local $pairs i32)
    (local $zv v128) (local $cm v128) (local $e v128) (local $d v128) (local $o v128) (local $tv v128)
    (local $zr f32) (local $zi f32)
    ;; bin 0 (DC and Nyquist) with the first part
    (if (i32.eqz (local.get $part))
      (then
        (local.set $zr (f32.load (local.get $z)))
        (local.set $zi (f32.load offset=4 (local.get $z)))
        (f32.store (local.get $dst) (f32.add (local.get $zr) (local.get $zi)))
        (f32.store offset=4 (local.get $dst) (f32.sub (local.get $zr) (local.get $zi)))))
    ;; this part's pairs (k, k + 1), k odd: L/4 of them in all, `parts` equal ranges
    (local.set $pairs (i32.div_u (i32.shr_u (local.get $L) (i32.const 2)) (local.get $parts)))
    (local.set $k (i32.add (i32.const 1) (i32.shl (i32.mul (local.get $pairs) (local.get $part)) (i32.const 1))))
    (local.set $half (i32.add (local.get $k) (i32.shl (local.get $pairs) (i32.const 1))))
    (local.set $t (i32.add (local.get $tw2) (i32.shl (i32.mul (local.get $pairs) (local.get $part)) (i32.const 5))))
    (loop $next
      (local.set $mb (i32.shl (i32.sub (i32.sub (local.get $L) (local.get $k)) (i32.const 1)) (i32.const 3)))
      (local.set $zv (v128.load (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 3)))))
      ;; conj of the mirrors (Z_(L−k), Z_(L−k−1))
      (local.set $cm (f32x4.mul (v128.const f32x4 1 -1 1 -1)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $z) (local.get $mb))) (v128.load (i32.add (local.get $z) (local.get $mb))))))
      ;; E = (Z + conj M)/2, O = (Z − conj M)/2i = swap(D)·[1 −1], T = W^k·O
      (local.set $e (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.add (local.get $zv) (local.get $cm))))
      (local.set $d (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.sub (local.get $zv) (local.get $cm))))
      (local.set $o (f32x4.mul (v128.const f32x4 1 -1 1 -1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $d) (local.get $d))))
      (local.set $tv (f32x4.add (f32x4.mul (local.get $o) (v128.load (local.get $t))) (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $o) (local.get $o)) (v128.load offset=16 (local.get $t)))))
      ;; R_k = E + T; R_(L−k) = conj(E − T), stored in reverse
      (v128.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3))) (f32x4.add (local.get $e) (local.get $tv)))
      (local.set $d (f32x4.sub (local.get $e) (local.get $tv)))
      (v128.store (i32.add (local.get $dst) (local.get $mb))
        (f32x4.mul (v128.const f32x4 1 -1 1 -1) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))))
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br_if $next (i32.lt_u (local.get $k) (local.get $half)))))

  ;; Real-FFT pre-twiddle for the inverse on f32x4 (the twin of rpost4, same tw2): packed real spectrum R (f32)
  ;; → swap(Z) (f32, natural order), so that cfft4 of it yields the swapped, unnormalized inverse
  ;; (x[j] = out[j ^ 1] / L). src and out must not overlap.
  (func $rpre4r (param $src i32) (param $out i32) (param $tw2 i32) (param $L i32) (param $part i32) (param $parts i32)
    (local $k i32) (local $half i32) (local $t i32) (local $mb i32) (local $pairs i32)
    (local $rv v128) (local $cm v128) (local $e v128) (local $d v128) (local $o v128) (local $io v128)
    (local $r0 f32) (local $r1 f32)
    ;; bin 0 (DC and Nyquist) with the first part
    (if (i32.eqz (local.get $part))
      (then
        (local.set $r0 (f32.load (local.get $src)))
        (local.set $r1 (f32.load offset=4 (local.get $src)))
        (f32.store (local.get $out) (f32.mul (f32.const 0.5) (f32.sub (local.get $r0) (local.get $r1))))
        (f32.store offset=4 (local.get $out) (f32.mul (f32.const 0.5) (f32.add (local.get $r0) (local.get $r1))))))
    ;; this part's pairs (k, k + 1), k odd: L/4 of them in all, `parts` equal ranges
    (local.set $pairs (i32.div_u (i32.shr_u (local.get $L) (i32.const 2)) (local.get $parts)))
    (local.set $k (i32.add (i32.const 1) (i32.shl (i32.mul (local.get $pairs) (local.get $part)) (i32.const 1))))
    (local.set $half (i32.add (local.get $k) (i32.shl (local.get $pairs) (i32.const 1))))
    (local.set $t (i32.add (local.get $tw2) (i32.shl (i32.mul (local.get $pairs) (local.get $part)) (i32.const 5))))
    (loop $next
      (local.set $mb (i32.shl (i32.sub (i32.sub (local.get $L) (local.get $k)) (i32.const 1)) (i32.const 3)))
      (local.set $rv (v128.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $cm (f32x4.mul (v128.const f32x4 1 -1 1 -1)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (v128.load (i32.add (local.get $src) (local.get $mb))) (v128.load (i32.add (local.get $src) (local.get $mb))))))
      ;; E = (R_k + conj R_(L−k))/2, O = (R_k − conj R_(L−k))·conj(W^k)/2
      (local.set $e (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.add (local.get $rv) (local.get $cm))))
      (local.set $d (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.sub (local.get $rv) (local.get $cm))))
      (local.set $o (f32x4.sub (f32x4.mul (local.get $d) (v128.load (local.get $t)))
        (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $d) (local.get $d)) (v128.load offset=16 (local.get $t)))))
      (local.set $io (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $o) (local.get $o))))
      ;; Z_k = E + iO, Z_(L−k) = conj(E − iO), both stored swapped (re ↔ im); the mirrors in reverse
      (local.set $d (f32x4.sub (local.get $e) (local.get $io)))
      (local.set $e (f32x4.add (local.get $e) (local.get $io)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $e) (local.get $e)))
      (v128.store (i32.add (local.get $out) (local.get $mb))
        (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 12 13 14 15 8 9 10 11 4 5 6 7 0 1 2 3 (local.get $d) (local.get $d))))
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br_if $next (i32.lt_u (local.get $k) (local.get $half)))))

  ;; Level 0 (partitions of one block, FFT of two blocks) in one call per block (block-level.ts), for issue 10:
  ;; a stereo block used to cross into WebAssembly ≈ 15 times, with float64 windows filled by TypedArray.set.
  ;; Calls the kernels by name ($macring4 or $macring4p, $toplanar, $fromplanar, $flush, $cfft4, $rpost4, $rpre4). Windows are float32 (the float64 ones held float32 values, which cfft4 demoted on
  ;; loading; its float64 output was promoted float32, which the float64 readout demoted): same results bit for bit.
  ;;
  ;; d: the level's constants, byte offsets of i32 words: 0 L (bins = frames a block), 4 a, 8 b (scratch of 2L
  ;; floats), 12 tw, 16 tw2 (cfft4's and rpost4's tables), 20 acc, 24 P (delay-line slots), 28 bytes of a packed
  ;; spectrum (8L), 32 inputs (1 or 2), 36 and 40 the windows (2L floats each: last block, this block), 44 input
  ;; 0's block, 48 and 52 the delay lines of inputs 0 and 1, 56 and 60 the output blocks, 64 and 68 paths into
  ;; outputs 0 and 1 (≤ 2), 72… per output (16 bytes) and path (8 bytes): its input (0 or 1) and its impulse
  ;; spectra (P packed spectra), 104 planar (1: delay lines, impulse spectra and acc are planar: $macring4p, and
  ;; each new spectrum goes through $toplanar, the accumulator through $fromplanar before the inverse).
  ;; Per block: slot (this block's delay-line slot), ready (partitions whose spectra are in: the MAC reads
  ;; 0 … ready − 1), fft1 (input 1's spectrum: 0 none, 1 transform, 2 copy input 0's into this slot, 3 copy
  ;; input 0's whole delay line, then transform), x1 (the delay line input-1 paths read), in1 (input 1's block:
  ;; input 0's for mono input, else the block after it), nout (outputs to compute), share (1: output 1 is a copy
  ;; of output 0), last (1: no other level adds to the outputs).
  ;; The input blocks are flushed first, in place (flush: the other levels read them after this call); with
  ;; `last` the outputs are flushed too, and the result is flush's (1: every output value finite); else 1.
  (func $copy (param $dst i32) (param $src i32) (param $bytes i32)
    (local $o i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (v128.store (i32.add (local.get $dst) (local.get $o)) (v128.load (i32.add (local.get $src) (local.get $o))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; the window slides by a block: its second half becomes its first, the new block its second
  (func $slide (param $win i32) (param $in i32) (param $half i32)
    (call $copy (local.get $win) (i32.add (local.get $win) (local.get $half)) (local.get $half))
    (call $copy (i32.add (local.get $win) (local.get $half)) (local.get $in) (local.get $half)))

  ;; the real FFT of a float32 window of 2L frames into a packed spectrum at dst
  (func $forward0 (param $d i32) (param $win i32) (param $dst i32)
    (call $rpost4
      (call $cfft4 (local.get $win) (i32.load offset=4 (local.get $d)) (i32.load offset=8 (local.get $d))
        (i32.load offset=12 (local.get $d)) (i32.load (local.get $d)) (i32.const 0) (i32.const 64) (i32.const 0) (i32.const 0))
      (local.get $dst) (i32.load offset=16 (local.get $d)) (i32.load (local.get $d)))
    (if (i32.load offset=104 (local.get $d))
      (then (call $toplanar (local.get $dst) (i32.shr_u (i32.load (local.get $d)) (i32.const 2))))))

  (func (export "block0") (param $d i32) (param $slot i32) (param $ready i32) (param $fft1 i32) (param $x1 i32)
        (param $in1 i32) (param $nout i32) (param $share i32) (param $last i32) (result i32)
    (local $half i32) (local $sb i32) (local $at i32) (local $o i32) (local $pa i32) (local $pend i32) (local $z i32)
    (local $out i32) (local $k i32) (local $v v128) (local $finite i32)
    (local.set $half (i32.shl (i32.load (local.get $d)) (i32.const 2))) ;; bytes of a block
    ;; flush (6) the input blocks: one, or two adjacent ones
    (drop (call $flush (i32.load offset=44 (local.get $d))
      (i32.shr_u (i32.add (local.get $half) (i32.sub (local.get $in1) (i32.load offset=44 (local.get $d)))) (i32.const 2))))
    (local.set $sb (i32.load offset=28 (local.get $d)))
    (local.set $at (i32.mul (local.get $slot) (local.get $sb)))
    (call $slide (i32.load offset=36 (local.get $d)) (i32.load offset=44 (local.get $d)) (local.get $half))
    (call $forward0 (local.get $d) (i32.load offset=36 (local.get $d)) (i32.add (i32.load offset=48 (local.get $d)) (local.get $at)))
    (if (i32.eq (i32.load offset=32 (local.get $d)) (i32.const 2))
      (then
        (call $slide (i32.load offset=40 (local.get $d)) (local.get $in1) (local.get $half))
        (if (i32.eq (local.get $fft1) (i32.const 3))
          (then (call $copy (i32.load offset=52 (local.get $d)) (i32.load offset=48 (local.get $d))
            (i32.mul (i32.load offset=24 (local.get $d)) (local.get $sb)))))
        (if (i32.eq (local.get $fft1) (i32.const 2))
          (then (call $copy (i32.add (i32.load offset=52 (local.get $d)) (local.get $at))
            (i32.add (i32.load offset=48 (local.get $d)) (local.get $at)) (local.get $sb))))
        (if (i32.and (local.get $fft1) (i32.const 1))
          (then (call $forward0 (local.get $d) (i32.load offset=40 (local.get $d))
            (i32.add (i32.load offset=52 (local.get $d)) (local.get $at)))))))
    (block $outputsDone
      (loop $output
        (br_if $outputsDone (i32.ge_u (local.get $o) (local.get $nout)))
        ;; acc = Σ over the paths into output o, partitions 0 … ready − 1
        (local.set $k (i32.const 0))
        (loop $zero
          (v128.store (i32.add (i32.load offset=20 (local.get $d)) (local.get $k)) (v128.const i32x4 0 0 0 0))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $zero (i32.lt_u (local.get $k) (local.get $sb))))
        (local.set $pa (i32.add (i32.add (local.get $d) (i32.const 72)) (i32.shl (local.get $o) (i32.const 4))))
        (local.set $pend (i32.add (local.get $pa)
          (i32.shl (i32.load offset=64 (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 2)))) (i32.const 3))))
        (block $pathsDone
          (loop $path
            (br_if $pathsDone (i32.ge_u (local.get $pa) (local.get $pend)))
            (br_if $pathsDone (i32.eqz (local.get $ready)))
            (if (i32.load offset=104 (local.get $d))
              (then (call $macring4p (i32.load offset=20 (local.get $d))
                (select (local.get $x1) (i32.load offset=48 (local.get $d)) (i32.load (local.get $pa)))
                (local.get $sb) (i32.load offset=24 (local.get $d)) (local.get $slot)
                (i32.load offset=4 (local.get $pa)) (local.get $sb) (local.get $ready) (i32.const 0) (i32.shr_u (local.get $sb) (i32.const 2))))
              (else (call $macring4 (i32.load offset=20 (local.get $d))
                (select (local.get $x1) (i32.load offset=48 (local.get $d)) (i32.load (local.get $pa)))
                (local.get $sb) (i32.load offset=24 (local.get $d)) (local.get $slot)
                (i32.load offset=4 (local.get $pa)) (local.get $sb) (local.get $ready) (i32.const 0) (i32.shr_u (local.get $sb) (i32.const 2)))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (br $path)))
        ;; the swapped inverse (rpre4 into b, cfft4 from b), whose second half is this block's output:
        ;; out[j] = z[L + (j ^ 1)]
        (if (i32.load offset=104 (local.get $d))
          (then (call $fromplanar (i32.load offset=20 (local.get $d)) (i32.shr_u (i32.load (local.get $d)) (i32.const 2)))))
        (call $rpre4 (i32.load offset=20 (local.get $d)) (i32.load offset=8 (local.get $d)) (i32.load offset=16 (local.get $d))
          (i32.load (local.get $d)))
        (local.set $z (i32.add (local.get $half)
          (call $cfft4 (i32.load offset=8 (local.get $d)) (i32.load offset=4 (local.get $d)) (i32.load offset=8 (local.get $d))
            (i32.load offset=12 (local.get $d)) (i32.load (local.get $d)) (i32.const 0) (i32.const 64) (i32.const 0) (i32.const 0))))
        (local.set $out (i32.load offset=56 (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 2)))))
        (local.set $k (i32.const 0))
        (loop $swap
          (local.set $v (v128.load (i32.add (local.get $z) (local.get $k))))
          (v128.store (i32.add (local.get $out) (local.get $k))
            (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $v) (local.get $v)))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $swap (i32.lt_u (local.get $k) (local.get $half))))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $output)))
    (if (local.get $share)
      (then (call $copy (i32.load offset=60 (local.get $d)) (i32.load offset=56 (local.get $d)) (local.get $half))))
    (local.set $finite (i32.const 1))
    (if (local.get $last)
      (then
        (local.set $o (i32.const 0))
        (loop $flushOut
          (local.set $finite (i32.and (local.get $finite)
            (call $flush (i32.load offset=56 (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 2)))) (i32.shr_u (local.get $half) (i32.const 2)))))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (br_if $flushOut (i32.lt_u (local.get $o) (i32.add (local.get $nout) (local.get $share)))))))
    (local.get $finite))

  ;; macring's sums (to float32 rounding) over the floats [from, to) of each spectrum (multiples of 4; from = 0
  ;; takes the packed bin 0 as macring does), four partitions per pass, so that the accumulator is loaded and
  ;; stored once for four multiply-accumulates and X's swap is done once a pass: per partition re += x·[hr hr],
  ;; im += x·[hi hi], then acc += re + swap(im)·[−1 1] (swap(x·[hi hi]) = [xi xr]·[hi hi]). The last count mod 4
  ;; partitions one at a time. A level's MAC task is one call: a few partitions over a slice of bins.
  (func $macring4 (export "macring4") (param $acc i32) (param $x i32) (param $xstride i32) (param $slots i32) (param $s0 i32)
        (param $h i32) (param $hstride i32) (param $count i32) (param $from i32) (param $to i32)
    (local $p i32) (local $slot i32) (local $j i32) (local $o i32) (local $start i32) (local $end i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local $xv v128) (local $hv v128) (local $re v128) (local $im v128) (local $first v128)
    (local.set $start (i32.shl (local.get $from) (i32.const 2)))
    (local.set $end (i32.shl (local.get $to) (i32.const 2)))
    (local.set $slot (local.get $s0))
    (loop $groups
      (if (i32.lt_u (local.get $p) (local.get $count))
        (then
          ;; g = 4 partitions (x0 … x3 ← slots s − 3 … s, h … h3 ← H 0 … 3 of the pass), or the last 1–3 one at a
          ;; time (x0 = x1 = x2 = x3 would not do: the four products are summed)
          (local.set $j (select (i32.const 4) (i32.const 1) (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $count))))
          (local.set $first (v128.load (local.get $acc)))
          (local.set $o (i32.const 0))
          (loop $each
            (local.set $x3 (local.get $x2))
            (local.set $x2 (local.get $x1))
            (local.set $x1 (local.get $x0))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $slot) (local.get $xstride))))
            (local.set $slot (select (i32.sub (local.get $slots) (i32.const 1)) (i32.sub (local.get $slot) (i32.const 1)) (i32.eqz (local.get $slot))))
            ;; the packed first vector: lanes 0–1 the plain product (DC, Nyquist), lanes 2–3 bin 1's complex one
            (local.set $xv (v128.load (local.get $x0)))
            (local.set $hv (v128.load (i32.add (local.get $h) (i32.mul (local.get $o) (local.get $hstride)))))
            (local.set $first (f32x4.add (local.get $first)
              (v128.bitselect
                (f32x4.add
                  (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))
                  (f32x4.mul (v128.const f32x4 -1 1 -1 1)
                    (f32x4.mul
                      (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $xv) (local.get $xv))
                      (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
                (f32x4.mul (local.get $xv) (local.get $hv))
                (v128.const i32x4 0 0 -1 -1))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br_if $each (i32.lt_u (local.get $o) (local.get $j))))
          (if (i32.eqz (local.get $from)) (then (v128.store (local.get $acc) (local.get $first))))
          (local.set $h1 (i32.add (local.get $h) (local.get $hstride)))
          (local.set $h2 (i32.add (local.get $h1) (local.get $hstride)))
          (local.set $h3 (i32.add (local.get $h2) (local.get $hstride)))
          (local.set $o (select (i32.const 16) (local.get $start) (i32.eqz (local.get $from))))
          (if (i32.eq (local.get $j) (i32.const 4))
            (then
              (block $done
                (loop $next
                  (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
                  (local.set $xv (v128.load (i32.add (local.get $x3) (local.get $o))))
                  (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
                  (local.set $re (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv))))
                  (local.set $im (f32x4.mul (local.get $xv) (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv))))
                  (local.set $xv (v128.load (i32.add (local.get $x2) (local.get $o))))
                  (local.set $hv (v128.load (i32.add (local.get $h1) (local.get $o))))
                  (local.set $re (f32x4.add (local.get $re) (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
                  (local.set $im (f32x4.add (local.get $im) (f32x4.mul (local.get $xv) (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
                  (local.set $xv (v128.load (i32.add (local.get $x1) (local.get $o))))
                  (local.set $hv (v128.load (i32.add (local.get $h2) (local.get $o))))
                  (local.set $re (f32x4.add (local.get $re) (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
                  (local.set $im (f32x4.add (local.get $im) (f32x4.mul (local.get $xv) (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
                  (local.set $xv (v128.load (i32.add (local.get $x0) (local.get $o))))
                  (local.set $hv (v128.load (i32.add (local.get $h3) (local.get $o))))
                  (local.set $re (f32x4.add (local.get $re) (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))))
                  (local.set $im (f32x4.add (local.get $im) (f32x4.mul (local.get $xv) (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))
                  (v128.store (i32.add (local.get $acc) (local.get $o))
                    (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o)))
                      (f32x4.add (local.get $re)
                        (f32x4.mul (v128.const f32x4 -1 1 -1 1) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $im) (local.get $im))))))
                  (local.set $o (i32.add (local.get $o) (i32.const 16)))
                  (br $next)))
              (local.set $h (i32.add (local.get $h3) (local.get $hstride))))
            (else
              (block $done1
                (loop $next1
                  (br_if $done1 (i32.ge_u (local.get $o) (local.get $end)))
                  (local.set $xv (v128.load (i32.add (local.get $x0) (local.get $o))))
                  (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
                  (v128.store (i32.add (local.get $acc) (local.get $o))
                    (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o)))
                      (f32x4.add
                        (f32x4.mul (local.get $xv) (i8x16.shuffle 0 1 2 3 0 1 2 3 8 9 10 11 8 9 10 11 (local.get $hv) (local.get $hv)))
                        (f32x4.mul (v128.const f32x4 -1 1 -1 1)
                          (f32x4.mul
                            (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $xv) (local.get $xv))
                            (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $hv) (local.get $hv)))))))
                  (local.set $o (i32.add (local.get $o) (i32.const 16)))
                  (br $next1)))
              (local.set $h (i32.add (local.get $h) (local.get $hstride)))))
          (local.set $p (i32.add (local.get $p) (local.get $j)))
          (br $groups)))))

  ;; A level's inverse result (float32, swapped in pairs: x[j] = res[j ^ 1]) into a float32 output block of
  ;; `frames` (a multiple of 4): out[j] = res[j ^ 1], or with `add` ≠ 0 out[j] = out[j] + res[j ^ 1] in float32,
  ;; which is JavaScript's `out[j] += res[j ^ 1]` (a float64 sum rounded to float32) bit for bit: a float64 sum
  ;; of two float32 values, rounded once more to float32, is their float32 sum (53 ≥ 2·24 + 2 bits).
  (func (export "readout32") (param $res i32) (param $out i32) (param $frames i32) (param $add i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $frames) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (v128.load (local.get $res)) (v128.load (local.get $res))))
        (if (local.get $add)
          (then (local.set $v (f32x4.add (v128.load (local.get $out)) (local.get $v)))))
        (v128.store (local.get $out) (local.get $v))
        (local.set $res (i32.add (local.get $res) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; macring4's sums (to float32 rounding) over planar spectra: X, H and acc in groups of four bins, [re0 re1 re2
  ;; re3] [im0 im1 im2 im3] (toplanar), the packed bin 0's DC and Nyquist in lane 0 of the first group's re and im.
  ;; Per partition and group: four loads, four multiplies and four adds, re += xr·hr − xi·hi, im += xr·hi + xi·hr,
  ;; and no shuffle (macring4 per two bins: two loads, two shuffles, two multiplies, two adds; the interleaved
  ;; layout needs the shuffles or, spread, a third load). Same arguments as macring4; from, to multiples of 8.
  (func $macring4p (export "macring4p") (param $acc i32) (param $x i32) (param $xstride i32) (param $slots i32) (param $s0 i32)
        (param $h i32) (param $hstride i32) (param $count i32) (param $from i32) (param $to i32)
    (local $p i32) (local $slot i32) (local $j i32) (local $o i32) (local $start i32) (local $end i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local $xa i32) (local $ha i32) (local $xr v128) (local $xi v128) (local $hr v128) (local $hi v128)
    (local $re v128) (local $im v128) (local $fr v128) (local $fi v128)
    (local.set $start (i32.shl (local.get $from) (i32.const 2)))
    (local.set $end (i32.shl (local.get $to) (i32.const 2)))
    (local.set $slot (local.get $s0))
    (loop $groups
      (if (i32.lt_u (local.get $p) (local.get $count))
        (then
          (local.set $j (select (i32.const 4) (i32.const 1) (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $count))))
          (local.set $fr (v128.load (local.get $acc)))
          (local.set $fi (v128.load offset=16 (local.get $acc)))
          (local.set $o (i32.const 0))
          (loop $each
            (local.set $x3 (local.get $x2))
            (local.set $x2 (local.get $x1))
            (local.set $x1 (local.get $x0))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $slot) (local.get $xstride))))
            (local.set $slot (select (i32.sub (local.get $slots) (i32.const 1)) (i32.sub (local.get $slot) (i32.const 1)) (i32.eqz (local.get $slot))))
            ;; the first group: lane 0 holds two real bins (re: DC, im: Nyquist), multiplied apart
            (local.set $ha (i32.add (local.get $h) (i32.mul (local.get $o) (local.get $hstride))))
            (local.set $xr (v128.load (local.get $x0)))
            (local.set $xi (v128.load offset=16 (local.get $x0)))
            (local.set $hr (v128.load (local.get $ha)))
            (local.set $hi (v128.load offset=16 (local.get $ha)))
            (local.set $re (f32x4.mul (local.get $xi) (local.get $hi)))
            (local.set $fr (f32x4.sub (f32x4.add (local.get $fr) (f32x4.mul (local.get $xr) (local.get $hr)))
              (v128.and (local.get $re) (v128.const i32x4 0 -1 -1 -1))))
            (local.set $fi (f32x4.add (local.get $fi)
              (v128.bitselect (local.get $re)
                (f32x4.add (f32x4.mul (local.get $xr) (local.get $hi)) (f32x4.mul (local.get $xi) (local.get $hr)))
                (v128.const i32x4 -1 0 0 0))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br_if $each (i32.lt_u (local.get $o) (local.get $j))))
          (if (i32.eqz (local.get $from))
            (then
              (v128.store (local.get $acc) (local.get $fr))
              (v128.store offset=16 (local.get $acc) (local.get $fi))))
          (local.set $h1 (i32.add (local.get $h) (local.get $hstride)))
          (local.set $h2 (i32.add (local.get $h1) (local.get $hstride)))
          (local.set $h3 (i32.add (local.get $h2) (local.get $hstride)))
          (local.set $o (select (i32.const 32) (local.get $start) (i32.eqz (local.get $from))))
          (if (i32.eq (local.get $j) (i32.const 4))
            (then
              (block $done
                (loop $next
                  (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
                  (local.set $xa (i32.add (local.get $x3) (local.get $o)))
                  (local.set $ha (i32.add (local.get $h) (local.get $o)))
                  (local.set $xr (v128.load (local.get $xa)))
                  (local.set $xi (v128.load offset=16 (local.get $xa)))
                  (local.set $hr (v128.load (local.get $ha)))
                  (local.set $hi (v128.load offset=16 (local.get $ha)))
                  (local.set $re (f32x4.sub (f32x4.mul (local.get $xr) (local.get $hr)) (f32x4.mul (local.get $xi) (local.get $hi))))
                  (local.set $im (f32x4.add (f32x4.mul (local.get $xr) (local.get $hi)) (f32x4.mul (local.get $xi) (local.get $hr))))
                  (local.set $xa (i32.add (local.get $x2) (local.get $o)))
                  (local.set $ha (i32.add (local.get $h1) (local.get $o)))
                  (local.set $xr (v128.load (local.get $xa)))
                  (local.set $xi (v128.load offset=16 (local.get $xa)))
                  (local.set $hr (v128.load (local.get $ha)))
                  (local.set $hi (v128.load offset=16 (local.get $ha)))
                  (local.set $re (f32x4.sub (f32x4.add (local.get $re) (f32x4.mul (local.get $xr) (local.get $hr))) (f32x4.mul (local.get $xi) (local.get $hi))))
                  (local.set $im (f32x4.add (f32x4.add (local.get $im) (f32x4.mul (local.get $xr) (local.get $hi))) (f32x4.mul (local.get $xi) (local.get $hr))))
                  (local.set $xa (i32.add (local.get $x1) (local.get $o)))
                  (local.set $ha (i32.add (local.get $h2) (local.get $o)))
                  (local.set $xr (v128.load (local.get $xa)))
                  (local.set $xi (v128.load offset=16 (local.get $xa)))
                  (local.set $hr (v128.load (local.get $ha)))
                  (local.set $hi (v128.load offset=16 (local.get $ha)))
                  (local.set $re (f32x4.sub (f32x4.add (local.get $re) (f32x4.mul (local.get $xr) (local.get $hr))) (f32x4.mul (local.get $xi) (local.get $hi))))
                  (local.set $im (f32x4.add (f32x4.add (local.get $im) (f32x4.mul (local.get $xr) (local.get $hi))) (f32x4.mul (local.get $xi) (local.get $hr))))
                  (local.set $xa (i32.add (local.get $x0) (local.get $o)))
                  (local.set $ha (i32.add (local.get $h3) (local.get $o)))
                  (local.set $xr (v128.load (local.get $xa)))
                  (local.set $xi (v128.load offset=16 (local.get $xa)))
                  (local.set $hr (v128.load (local.get $ha)))
                  (local.set $hi (v128.load offset=16 (local.get $ha)))
                  (local.set $re (f32x4.sub (f32x4.add (local.get $re) (f32x4.mul (local.get $xr) (local.get $hr))) (f32x4.mul (local.get $xi) (local.get $hi))))
                  (local.set $im (f32x4.add (f32x4.add (local.get $im) (f32x4.mul (local.get $xr) (local.get $hi))) (f32x4.mul (local.get $xi) (local.get $hr))))
                  (local.set $xa (i32.add (local.get $acc) (local.get $o)))
                  (v128.store (local.get $xa) (f32x4.add (v128.load (local.get $xa)) (local.get $re)))
                  (v128.store offset=16 (local.get $xa) (f32x4.add (v128.load offset=16 (local.get $xa)) (local.get $im)))
                  (local.set $o (i32.add (local.get $o) (i32.const 32)))
                  (br $next)))
              (local.set $h (i32.add (local.get $h3) (local.get $hstride))))
            (else
              (block $done1
                (loop $next1
                  (br_if $done1 (i32.ge_u (local.get $o) (local.get $end)))
                  (local.set $xa (i32.add (local.get $x0) (local.get $o)))
                  (local.set $ha (i32.add (local.get $h) (local.get $o)))
                  (local.set $xr (v128.load (local.get $xa)))
                  (local.set $xi (v128.load offset=16 (local.get $xa)))
                  (local.set $hr (v128.load (local.get $ha)))
                  (local.set $hi (v128.load offset=16 (local.get $ha)))
                  (local.set $xa (i32.add (local.get $acc) (local.get $o)))
                  (v128.store (local.get $xa) (f32x4.sub (f32x4.add (v128.load (local.get $xa)) (f32x4.mul (local.get $xr) (local.get $hr)))
                    (f32x4.mul (local.get $xi) (local.get $hi))))
                  (v128.store offset=16 (local.get $xa) (f32x4.add (f32x4.add (v128.load offset=16 (local.get $xa)) (f32x4.mul (local.get $xr) (local.get $hi)))
                    (f32x4.mul (local.get $xi) (local.get $hr))))
                  (local.set $o (i32.add (local.get $o) (i32.const 32)))
                  (br $next1)))
              (local.set $h (i32.add (local.get $h) (local.get $hstride)))))
          (local.set $p (i32.add (local.get $p) (local.get $j)))
          (br $groups)))))

  ;; In place, `groups` groups of four bins of interleaved (packed) spectra at p become planar (macring4p):
  ;; [r0 i0 r1 i1] [r2 i2 r3 i3] → [r0 r1 r2 r3] [i0 i1 i2 i3]; the packed bin 0 (DC, Nyquist) lands in lane 0.
  (func $toplanar (export "toplanar") (param $p i32) (param $groups i32)
    (local $end i32) (local $a v128) (local $b v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $groups) (i32.const 5))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load offset=16 (local.get $p)))
        (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        (v128.store offset=16 (local.get $p) (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $next))))

  ;; toplanar's inverse, in place: planar groups back to interleaved (packed) spectra, for the inverse transform.
  (func $fromplanar (export "fromplanar") (param $p i32) (param $groups i32)
    (local $end i32) (local $a v128) (local $b v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $groups) (i32.const 5))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load offset=16 (local.get $p)))
        (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (v128.store offset=16 (local.get $p) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $next))))
)
