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
)
