/// The im2col of a convolution as an offset table: for each output pixel (batch-major) and each
/// filter tap, where its `inputDepth` input values start, or −1 where the tap falls in the
/// padding. Built once at prepare; the kernels gather through it at run time without copying.
func convolutionOffsets(_ g: ConvolutionGeometry) -> [Int] {
    var offsets: [Int] = []
    offsets.reserveCapacity(g.batches * g.outputHeight * g.outputWidth * g.filterHeight * g.filterWidth)
    for n in 0..<g.batches {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                for fy in 0..<g.filterHeight {
                    let iy = oy * g.strideH - g.padTop + fy * g.dilationH
                    for fx in 0..<g.filterWidth {
                        let ix = ox * g.strideW - g.padLeft + fx * g.dilationW
                        let inside = iy >= 0 && iy < g.inputHeight && ix >= 0 && ix < g.inputWidth
                        offsets.append(inside ? ((n * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth : -1)
                    }
                }
            }
        }
    }
    return offsets
}
