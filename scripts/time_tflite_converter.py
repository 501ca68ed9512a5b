"""Times the TFLite converter's int8 (full integer, float fallback) conversion of Keras MobileNetV2
with the same 100 calibration images qconvert uses, to put next to `qconvert --mode int8`.

Tooling only; TensorFlow lives in a venv outside the repository and is never a dependency:
  python3 -m venv /tmp/tf-venv && /tmp/tf-venv/bin/pip install tensorflow numpy
  /tmp/tf-venv/bin/python scripts/time_tflite_converter.py /tmp/quantrt-calibration/mobilenet_v2_calib.npy
The Keras model has fresh random weights (the shared model's Keras original is not available);
conversion time depends on the architecture and the calibration set, not on the weight values."""
import sys, time
import numpy as np
import tensorflow as tf

calibration = np.load(sys.argv[1])
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 0
if threads:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
model = tf.keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3))

def representative():
    for sample in calibration:
        yield [sample[None].astype(np.float32)]

start = time.time()
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
flatbuffer = converter.convert()
seconds = time.time() - start
print("TFLite converter, MobileNetV2 int8 with %d calibration samples: %.2f s (%d bytes)" % (len(calibration), seconds, len(flatbuffer)))
