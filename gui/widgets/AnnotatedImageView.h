#pragma once

#include <QImage>
#include <QLabel>
#include <vector>

#include "SourceViewAbi.h"

namespace aviary::gui {

// An evidence image with what was found drawn on it: the outline of the opaque region (a
// parcel clipped by its polygon), a detected page quadrilateral, and labelled boxes (the
// fields a document reader located). Small images are enlarged without smoothing.
class AVIARY_WORKBENCH_EXPORT AnnotatedImageView : public QLabel {
  Q_OBJECT
 public:
  struct Box {
    QRectF rect;
    QString label;
    QColor colour;
  };

  explicit AnnotatedImageView(QWidget* parent = nullptr);

  // False when the bytes are not an image Qt can decode.
  bool setImageData(const QByteArray& bytes);
  void setOutlineOpaqueRegion(bool on);
  void setPage(const QPolygonF& page);
  void setBoxes(std::vector<Box> boxes);
  void setMaximumDisplayWidth(int width);

  const QImage& image() const { return image_; }
  int boxCount() const { return static_cast<int>(boxes_.size()); }
  int outlinePixelCount() const { return outlinePixels_; }

 private:
  void render();

  QImage image_;
  bool outline_ = false;
  int outlinePixels_ = 0;
  QPolygonF page_;
  std::vector<Box> boxes_;
  int maximumWidth_ = 640;
};

}  // namespace aviary::gui
