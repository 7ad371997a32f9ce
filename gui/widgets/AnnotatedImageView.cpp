#include "AnnotatedImageView.h"

#include <QPainter>
#include <algorithm>

namespace aviary::gui {

AnnotatedImageView::AnnotatedImageView(QWidget* parent) : QLabel(parent) {
  setAlignment(Qt::AlignCenter);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

bool AnnotatedImageView::setImageData(const QByteArray& bytes) {
  image_ = QImage::fromData(bytes);
  if (image_.isNull()) {
    setText(tr("(the image could not be decoded)"));
    return false;
  }
  render();
  return true;
}

void AnnotatedImageView::setOutlineOpaqueRegion(bool on) {
  outline_ = on;
  render();
}
void AnnotatedImageView::setPage(const QPolygonF& page) {
  page_ = page;
  render();
}
void AnnotatedImageView::setBoxes(std::vector<Box> boxes) {
  boxes_ = std::move(boxes);
  render();
}
void AnnotatedImageView::setMaximumDisplayWidth(int width) {
  maximumWidth_ = width;
  render();
}

void AnnotatedImageView::render() {
  if (image_.isNull()) return;
  // Enlarge small quicklooks by whole pixels (crisp), shrink big photos smoothly.
  const int factor = std::max(1, std::min(8, maximumWidth_ / std::max(1, image_.width())));
  QImage shown = factor > 1 ? image_.scaled(image_.size() * factor, Qt::IgnoreAspectRatio,
                                            Qt::FastTransformation)
                 : image_.width() > maximumWidth_
                     ? image_.scaledToWidth(maximumWidth_, Qt::SmoothTransformation)
                     : image_;
  const double scale = static_cast<double>(shown.width()) / image_.width();
  shown = shown.convertToFormat(QImage::Format_ARGB32_Premultiplied);
  // A chequer behind transparent pixels shows where the parcel ends.
  QImage canvas(shown.size(), QImage::Format_ARGB32_Premultiplied);
  canvas.fill(QColor(236, 236, 236));
  QPainter painter(&canvas);
  painter.drawImage(0, 0, shown);
  if (outline_ && image_.hasAlphaChannel()) {
    outlinePixels_ = 0;
    const QImage alpha = image_.convertToFormat(QImage::Format_ARGB32);
    const auto opaque = [&](int x, int y) {
      return x >= 0 && y >= 0 && x < alpha.width() && y < alpha.height() &&
             qAlpha(alpha.pixel(x, y)) > 127;
    };
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 235, 59));
    for (int y = 0; y < alpha.height(); ++y)
      for (int x = 0; x < alpha.width(); ++x)
        if (opaque(x, y) &&
            (!opaque(x - 1, y) || !opaque(x + 1, y) || !opaque(x, y - 1) || !opaque(x, y + 1))) {
          ++outlinePixels_;
          painter.drawRect(
              QRectF(x * scale, y * scale, std::max(1.0, scale / 2), std::max(1.0, scale / 2)));
        }
  }
  painter.setRenderHint(QPainter::Antialiasing);
  if (!page_.isEmpty()) {
    QPolygonF scaled;
    for (const QPointF& p : page_) scaled << p * scale;
    painter.setPen(QPen(QColor(0, 200, 83), 3));
    painter.setBrush(Qt::NoBrush);
    painter.drawPolygon(scaled);
  }
  QFont font = painter.font();
  font.setPointSizeF(8);
  painter.setFont(font);
  for (const auto& box : boxes_) {
    const QRectF r(box.rect.x() * scale, box.rect.y() * scale, box.rect.width() * scale,
                   box.rect.height() * scale);
    painter.setPen(QPen(box.colour, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(r);
    if (box.label.isEmpty()) continue;
    const QRectF text = painter.fontMetrics().boundingRect(box.label).adjusted(-3, -1, 3, 1);
    const QRectF tag(r.left(), std::max(0.0, r.top() - text.height()), text.width(), text.height());
    painter.fillRect(tag, box.colour);
    painter.setPen(Qt::white);
    painter.drawText(tag, Qt::AlignCenter, box.label);
  }
  painter.end();
  setPixmap(QPixmap::fromImage(canvas));
  setFixedHeight(canvas.height() + 4);
}

}  // namespace aviary::gui
