import QuantRTCore

/// Where each output pixel's window lies in an NHWC input, with TFLite's padding (``SlidingWindow``).
/// ``gather(_:pixels:into:)`` writes one row per pixel: its taps in filter order (fy, fx), each the
/// pixel's `depth` input channels, zeros where the tap falls in the padding. That matches the OHWI
/// filter flattened to `[O][H·W·I]`.
struct Im2colGeometry {
    let batches: Int, inputHeight: Int, inputWidth: Int, depth: Int
    let outputHeight: Int, outputWidth: Int
    let filterHeight: Int, filterWidth: Int
    let strideH: Int, strideW: Int, dilationH: Int, dilationW: Int
    let padTop: Int, padLeft: Int

    init(input shape: Shape, filterHeight: Int, filterWidth: Int, _ attributes: Conv2DAttributes) {
        (batches, inputHeight, inputWidth, depth) = (shape[0], shape[1], shape[2], shape[3])
        (self.filterHeight, self.filterWidth) = (filterHeight, filterWidth)
        (strideH, strideW, dilationH, dilationW) = (attributes.strideH, attributes.strideW, attributes.dilationH, attributes.dilationW)
        outputHeight = SlidingWindow.outputSize(attributes.padding, input: inputHeight, filter: filterHeight, stride: strideH, dilation: dilationH)
        outputWidth = SlidingWindow.outputSize(attributes.padding, input: inputWidth, filter: filterWidth, stride: strideW, dilation: dilationW)
        padTop = SlidingWindow.padBefore(input: inputHeight, output: outputHeight, filter: filterHeight, stride: strideH, dilation: dilationH)
        padLeft = SlidingWindow.padBefore(input: inputWidth, output: outputWidth, filter: filterWidth, stride: strideW, dilation: dilationW)
    }

    /// Short runs (a 3-channel image's taps) copy in a loop: a `memmove` call each cost more than the copy.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 32 {
            target.update(from: source, count: count)
        } else {
            for i in 0..<count { target[i] = source[i] }
        }
    }

    /// Writes the windows of output pixels `pixels` (flattened over batch, row, column) as rows of
    /// `filterHeight · filterWidth · depth` floats.
    func gather(_ x: UnsafePointer<Float>, pixels: Range<Int>, into a: UnsafeMutablePointer<Float>) {
        var row = a
        for pixel in pixels {
            let ox = pixel % outputWidth, oy = (pixel / outputWidth) % outputHeight, n = pixel / (outputWidth * outputHeight)
            let originY = oy * strideH - padTop, originX = ox * strideW - padLeft
            let image = x + n * inputHeight * inputWidth * depth
            let rowInside = originX >= 0 && originX + (filterWidth - 1) * dilationW < inputWidth
            for fy in 0..<filterHeight {
                let iy = originY + fy * dilationH
                let inside = iy >= 0 && iy < inputHeight
                if inside && rowInside && dilationW == 1 {
                    // The whole filter row is one contiguous run of the input.
                    Self.copy(image + (iy * inputWidth + originX) * depth, to: row, count: filterWidth * depth)
                    row += filterWidth * depth
                    continue
                }
                for fx in 0..<filterWidth {
                    let ix = originX + fx * dilationW
                    if inside && ix >= 0 && ix < inputWidth {
                        Self.copy(image + (iy * inputWidth + ix) * depth, to: row, count: depth)
                    } else {
                        row.update(repeating: 0, count: depth)
                    }
                    row += depth
                }
            }
        }
    }
}
