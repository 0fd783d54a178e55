;; The multiply-accumulate of the convolution engine, in WebAssembly SIMD: acc += X · H over interleaved complex
;; float32 spectra, two complex bins per 128-bit vector. Assembled by `npm run wasm` into mac-kernel-wasm.ts.
;; All arguments are byte addresses in the imported memory (16-byte aligned) and a count of floats (multiple of 4).
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
)
